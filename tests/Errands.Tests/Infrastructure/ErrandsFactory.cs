using Codewalkers.Errands.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Codewalkers.Errands.Tests.Infrastructure;

/// <summary>
/// The Errands service in memory, with its own CW_HOME, the test harness for a bus, a log of every delivery, and the
/// Agents service's workspace routes played by <see cref="Agents"/> (retried quickly: an unreachable Agents service
/// answers within the test's patience).
/// </summary>
public sealed class ErrandsFactory() : ServiceFactory<Program, ErrandsDbContext>("errands")
{
    public FakeAgentsApi Agents { get; } = new();

    public ConsumeLog Consumed => Services.GetRequiredService<ConsumeLog>();

    public LogRecorder Logs => Services.GetRequiredService<LogRecorder>();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<ConsumeLog>();
        services.AddConsumeObserver(provider => provider.GetRequiredService<ConsumeLog>());
        services.AddSingleton<LogRecorder>();
        services.AddSingleton<ILoggerProvider>(provider => provider.GetRequiredService<LogRecorder>());
        services.AddHttpClient<AgentsWorkspaceClient>().ConfigurePrimaryHttpMessageHandler(Agents.Handler);
        services.Configure<HttpStandardResilienceOptions>($"{nameof(AgentsWorkspaceClient)}-standard", options =>
        {
            options.Retry.Delay = TimeSpan.FromMilliseconds(1);
            options.Retry.BackoffType = DelayBackoffType.Constant;
            options.Retry.UseJitter = false;
        });
    }

    public Task DeliverAsync<T>(T message) where T : class => DeliverAsync(message, NewId.NextGuid());

    /// <summary>
    /// Publishes through the harness bus with the given message id and waits until the consumer has finished with it.
    /// </summary>
    public async Task DeliverAsync<T>(T message, Guid messageId) where T : class
    {
        var before = Consumed.Finished(messageId);
        await Harness.Bus.Publish(message, Pipe.Execute<PublishContext>(context => context.MessageId = messageId));
        await Eventually.TrueAsync(
            () => Task.FromResult(Consumed.Finished(messageId) > before),
            $"delivery {before + 1} of {messageId} consumed");
        var faults = Consumed.Faults(messageId);
        Assert.True(faults.Count == 0, $"Consuming {messageId} failed: {faults.FirstOrDefault()}");
    }
}
