using Codewalkers.Collaboration.Consumers;
using Codewalkers.Collaboration.Domain;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Messaging;
using Codewalkers.Persistence;
using Codewalkers.ServiceDefaults;

namespace Codewalkers.Collaboration.Extensions;

internal static class ApplicationServiceExtensions
{
    public const string ServiceName = "collaboration";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var home = CodewalkersHome.From(builder.Configuration);
        builder.AddServiceDatabase<CollaborationDbContext, CollaborationDbContextPostgres>(
            ServiceName, home.DatabasePath(ServiceName));
        builder.AddMessaging<CollaborationDbContext>(ServiceName, bus =>
        {
            bus.AddConsumer<AgentSpawnedConsumer>();
            bus.AddConsumer<AgentStatusChangedConsumer>();
            bus.AddConsumer<AgentDeletedConsumer>();
            bus.AddConsumer<AgentResumeRefusedConsumer>();
            bus.AddInboxConsumers();
            bus.AddActivityFeedConsumers();
            bus.AddConsumer<ReviewRepliesConsumer>();
            bus.AddChatConsumers();
        });
        builder.Services.AddSingleton<ConversationSignals>();
        builder.AddActivityFeed();
        builder.Services.AddHttpClient<PlanChangesClient>(http => http.BaseAddress = new Uri("http://planning"));
        return builder;
    }
}
