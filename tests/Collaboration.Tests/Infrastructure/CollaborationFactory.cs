using Codewalkers.Collaboration.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codewalkers.Collaboration.Tests.Infrastructure;

/// <summary>
/// The Collaboration service in memory, with its own CW_HOME, the test harness for a bus and a log of every delivery.
/// </summary>
public sealed class CollaborationFactory() : ServiceFactory<Program, CollaborationDbContext>("collaboration")
{
    public ConsumeLog Consumed => Services.GetRequiredService<ConsumeLog>();

    public LogRecorder Logs => Services.GetRequiredService<LogRecorder>();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<ConsumeLog>();
        services.AddConsumeObserver(provider => provider.GetRequiredService<ConsumeLog>());
        services.AddSingleton<LogRecorder>();
        services.AddSingleton<ILoggerProvider>(provider => provider.GetRequiredService<LogRecorder>());
    }

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
