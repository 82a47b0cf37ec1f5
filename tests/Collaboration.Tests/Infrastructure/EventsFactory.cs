using Codewalkers.Collaboration.Infrastructure;
using MassTransit;
using MassTransit.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Codewalkers.Collaboration.Tests.Infrastructure;

/// <summary>
/// The Collaboration service with webhook retries fast enough for a test (100 ms doubling up to 1 s) and a short
/// stream heartbeat; otherwise as <see cref="CollaborationFactory"/>.
/// </summary>
public sealed class EventsFactory() : ServiceFactory<Program, CollaborationDbContext>("collaboration-events")
{
    public ConsumeLog Consumed => Services.GetRequiredService<ConsumeLog>();

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
    }

    /// <summary>
    /// Publishes through the harness bus and waits until every consumer of its type (the feed's, the read model's,
    /// any other) has finished with it.
    /// </summary>
    public async Task DeliverAsync<T>(T message) where T : class
    {
        var consumers = Services.GetServices<IConsumerRegistration>()
            .Count(r => r.Type.IsAssignableTo(typeof(IConsumer<T>)));
        var messageId = NewId.NextGuid();
        await Harness.Bus.Publish(message, Pipe.Execute<PublishContext>(context => context.MessageId = messageId));
        await Eventually.TrueAsync(
            () => Task.FromResult(Consumed.Finished(messageId) >= consumers),
            $"{typeof(T).Name} {messageId} consumed by its {consumers} consumers");
        Assert.Empty(Consumed.Faults(messageId));
    }
}
