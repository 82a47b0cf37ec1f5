using Codewalkers.Agents.Infrastructure;
using Codewalkers.Messaging;
using Codewalkers.Messaging.Persistence;
using Codewalkers.ServiceDefaults;

namespace Codewalkers.Agents.Extensions;

internal static class ApplicationServiceExtensions
{
    public const string ServiceName = "agents";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var home = CodewalkersHome.From(builder.Configuration);
        builder.AddServiceDatabase<AgentsDbContext>(home.DatabasePath(ServiceName));
        builder.AddMessaging<AgentsDbContext>(ServiceName);
        return builder;
    }
}
