using Codewalkers.Errands.Consumers;
using Codewalkers.Errands.Infrastructure;
using Codewalkers.Messaging;
using Codewalkers.Persistence;
using Codewalkers.ServiceDefaults;

namespace Codewalkers.Errands.Extensions;

internal static class ApplicationServiceExtensions
{
    public const string ServiceName = "errands";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var home = CodewalkersHome.From(builder.Configuration);
        builder.AddServiceDatabase<ErrandsDbContext, ErrandsDbContextPostgres>(
            ServiceName, home.DatabasePath(ServiceName));
        builder.AddMessaging<ErrandsDbContext>(ServiceName, bus =>
        {
            bus.AddConsumer<ProjectRegisteredConsumer>();
            bus.AddConsumer<ProjectUpdatedConsumer>();
            bus.AddConsumer<ProjectDeletedConsumer>();
            bus.AddErrandConsumers();
        });
        builder.Services.AddHttpClient<AgentsWorkspaceClient>(http => http.BaseAddress = new Uri("http://agents"));
        return builder;
    }
}
