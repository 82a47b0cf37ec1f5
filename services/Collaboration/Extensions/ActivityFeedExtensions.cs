using Codewalkers.Collaboration.Consumers;
using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Domain.Webhooks;
using Codewalkers.Collaboration.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Extensions;

/// <summary>The activity feed (<c>/api/events</c>) and webhooks: consumers, signals and background work.</summary>
internal static class ActivityFeedExtensions
{
    public static IBusRegistrationConfigurator AddActivityFeedConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ActivityFeedAgentStatusConsumer>().Endpoint(InOrder);
        bus.AddConsumer<ActivityFeedAgentQuestionsConsumer>().Endpoint(InOrder);
        bus.AddConsumer<ActivityFeedTaskCreatedConsumer>().Endpoint(InOrder);
        bus.AddConsumer<ActivityFeedTaskUpdatedConsumer>().Endpoint(InOrder);
        bus.AddConsumer<ActivityFeedPhaseCreatedConsumer>().Endpoint(InOrder);
        bus.AddConsumer<ActivityFeedPhaseUpdatedConsumer>().Endpoint(InOrder);
        bus.AddConsumer<ActivityFeedInitiativeCreatedConsumer>().Endpoint(InOrder);
        bus.AddConsumer<ActivityFeedInitiativeUpdatedConsumer>().Endpoint(InOrder);
        bus.AddConsumer<ActivityFeedErrandStatusConsumer>().Endpoint(InOrder);
        bus.AddConsumer<ActivityFeedErrandDeletedConsumer>().Endpoint(InOrder);
        return bus;
    }

    // One message at a time per queue: entries are recorded in the order the broker delivers them (the order the
    // outbox published them), so an agent's running comes before its stopped in the feed, and a task's blocked is not
    // passed over as stale because its completed was handled first.
    private static void InOrder(IEndpointRegistrationConfigurator endpoint) => endpoint.ConcurrentMessageLimit = 1;

    public static IHostApplicationBuilder AddActivityFeed(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<FeedOptions>(builder.Configuration.GetSection(FeedOptions.Section));
        builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection(WebhookOptions.Section));
        builder.Services.AddSingleton<FeedSignal>();
        builder.Services.AddSingleton<WebhookSignal>();
        builder.Services.AddSingleton<FeedCommitInterceptor>();
        builder.Services.AddSingleton<FeedOrderInterceptor>();
        builder.Services.ConfigureDbContext<CollaborationDbContext>((provider, options) => options.AddInterceptors(
            provider.GetRequiredService<FeedCommitInterceptor>(), provider.GetRequiredService<FeedOrderInterceptor>()));
        builder.Services.AddHostedService<WebhookDeliverer>();
        builder.Services.AddHostedService<FeedPruner>();
        return builder;
    }
}
