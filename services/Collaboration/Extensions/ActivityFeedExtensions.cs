using Codewalkers.Collaboration.Consumers;
using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Domain.Webhooks;
using Codewalkers.Collaboration.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Extensions;

/// <summary>The activity feed (<c>/api/events</c>) and webhooks: their consumers, signals and background work.</summary>
internal static class ActivityFeedExtensions
{
    public static IBusRegistrationConfigurator AddActivityFeedConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ActivityFeedAgentStatusConsumer>();
        bus.AddConsumer<ActivityFeedAgentQuestionsConsumer>();
        bus.AddConsumer<ActivityFeedTaskCreatedConsumer>();
        bus.AddConsumer<ActivityFeedTaskUpdatedConsumer>();
        bus.AddConsumer<ActivityFeedPhaseCreatedConsumer>();
        bus.AddConsumer<ActivityFeedPhaseUpdatedConsumer>();
        bus.AddConsumer<ActivityFeedInitiativeCreatedConsumer>();
        bus.AddConsumer<ActivityFeedInitiativeUpdatedConsumer>();
        return bus;
    }

    public static IHostApplicationBuilder AddActivityFeed(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<FeedOptions>(builder.Configuration.GetSection(FeedOptions.Section));
        builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection(WebhookOptions.Section));
        builder.Services.AddSingleton<FeedSignal>();
        builder.Services.AddSingleton<WebhookSignal>();
        builder.Services.AddSingleton<FeedCommitInterceptor>();
        builder.Services.ConfigureDbContext<CollaborationDbContext>((provider, options) =>
            options.AddInterceptors(provider.GetRequiredService<FeedCommitInterceptor>()));
        builder.Services.AddHostedService<WebhookDeliverer>();
        builder.Services.AddHostedService<FeedPruner>();
        return builder;
    }
}
