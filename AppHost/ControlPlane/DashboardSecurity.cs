using Codewalkers.ServiceDefaults.Security;
using Microsoft.Extensions.Configuration;

namespace Codewalkers.AppHost.ControlPlane;

/// <summary>
/// The Aspire control plane (dashboard, its telemetry API, the resource service and OTLP) answers only to whoever holds
/// a credential, and only under a loopback host name. Aspire itself gives the dashboard browser-token sign-in and API
/// keys for the resource service, OTLP and the telemetry API whenever anonymous access is not configured (the launch
/// profile no longer sets ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS); this adds a browser token kept per CW_HOME, so
/// <c>./run.sh</c> can print the sign-in URL, and a host allow-list against DNS rebinding.
/// </summary>
internal static class DashboardSecurity
{
    public const string TokenFileName = "dashboard-token";
    public const string DashboardResourceName = "aspire-dashboard";

    /// <summary>
    /// Loopback names: a page on another site that rebinds its name to 127.0.0.1 still sends its own Host.
    /// </summary>
    public const string LoopbackHosts = "localhost;127.0.0.1;[::1]";

    private const string BrowserTokenKey = "AppHost:BrowserToken";

    public static void SecureDashboard(this IDistributedApplicationBuilder builder, string cwHome)
    {
        // Aspire sets AppHost:BrowserToken only when the dashboard runs and is secured; an explicitly configured
        // token (ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN) is the user's choice and stays.
        var secured = !string.IsNullOrEmpty(builder.Configuration[BrowserTokenKey]);
        var configuredToken = builder.Configuration["ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN"]
            ?? builder.Configuration["DOTNET_DASHBOARD_FRONTEND_BROWSERTOKEN"];
        if (secured && string.IsNullOrEmpty(configuredToken))
        {
            var token = LocalSecret.LoadOrCreate(Path.Combine(cwHome, TokenFileName));
            builder.Configuration.AddInMemoryCollection([new(BrowserTokenKey, token)]);
        }

        var allowedHosts = LoopbackHosts;
        var extra = builder.Configuration["Dashboard:AllowedHosts"];
        if (!string.IsNullOrWhiteSpace(extra)) allowedHosts = $"{allowedHosts};{extra}";

        // The dashboard resource is added by Aspire just before start; its environment is evaluated after this event.
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>((@event, _) =>
        {
            var resource = @event.Resource;
            if (resource.Name == DashboardResourceName && !resource.Annotations.OfType<AllowedHostsAnnotation>().Any())
            {
                resource.Annotations.Add(new AllowedHostsAnnotation());
                resource.Annotations.Add(new EnvironmentCallbackAnnotation(
                    context => context.EnvironmentVariables["AllowedHosts"] = allowedHosts));
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>Marks the dashboard as configured once (its start event could come again).</summary>
    private sealed class AllowedHostsAnnotation : IResourceAnnotation;
}
