using Codewalkers.Collaboration.Infrastructure;
using MassTransit;
using MassTransit.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codewalkers.Collaboration.Tests.Infrastructure;

/// <summary>
/// The Collaboration service in memory, with its own CW_HOME, the test harness for a bus, a log of every delivery and
/// of every log line, and Planning's diff routes played by <see cref="Planning"/>. Webhook retries are fast enough for
/// a test (100 ms doubling up to 1 s) and an idle events stream sends its heartbeat every second.
/// </summary>
public sealed class CollaborationFactory() : ServiceFactory<Program, CollaborationDbContext>("collaboration")
{
    public FakePlanning Planning { get; } = new();

    public ConsumeLog Consumed => Services.GetRequiredService<ConsumeLog>();

    public LogRecorder Logs => Services.GetRequiredService<LogRecorder>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:InitialBackoff", "00:00:00.100");
        builder.UseSetting("Webhooks:MaxBackoff", "00:00:01");
        builder.UseSetting("Webhooks:RequestTimeout", "00:00:02");
        builder.UseSetting("Feed:Heartbeat", "00:00:01");
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<ConsumeLog>();
        services.AddConsumeObserver(provider => provider.GetRequiredService<ConsumeLog>());
        services.AddSingleton<LogRecorder>();
        services.AddSingleton<ILoggerProvider>(provider => provider.GetRequiredService<LogRecorder>());
        services.AddHttpClient<PlanChangesClient>().ConfigurePrimaryHttpMessageHandler(Planning.Handler);
    }

    public Task DeliverAsync<T>(T message) where T : class => DeliverAsync(message, NewId.NextGuid());

    /// <summary>
    /// Publishes through the harness bus with the given message id and waits until every consumer of its type (the
    /// read models', the inbox's, the feed's) has finished with it once more.
    /// </summary>
    public async Task DeliverAsync<T>(T message, Guid messageId) where T : class
    {
        var consumers = Services.GetServices<IConsumerRegistration>()
            .Count(r => r.Type.IsAssignableTo(typeof(IConsumer<T>)));
        var before = Consumed.Finished(messageId);
        await Harness.Bus.Publish(message, Pipe.Execute<PublishContext>(context => context.MessageId = messageId));
        await Eventually.TrueAsync(
            () => Task.FromResult(Consumed.Finished(messageId) >= before + consumers),
            $"delivery of {typeof(T).Name} {messageId} consumed by its {consumers} consumers");
        var faults = Consumed.Faults(messageId);
        Assert.True(faults.Count == 0, $"Consuming {messageId} failed: {faults.FirstOrDefault()}");
    }
}
