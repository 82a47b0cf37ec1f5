using Yarp.ReverseProxy.Configuration;

namespace Codewalkers.Gateway;

/// <summary>
/// The one place that says which service owns which public path. Destinations are service names resolved by
/// service discovery (the AppHost injects each service's address), never fixed ports.
/// </summary>
public static class RouteTable
{
    public static readonly string[] Services = ["planning", "agents", "collaboration", "errands"];

    /// <summary>Path prefix under /api -> owning service. More specific prefixes are matched first.</summary>
    public static readonly IReadOnlyList<(string Prefix, string Service)> Routes =
    [
        ("/api/projects", "planning"),
        ("/api/initiatives", "planning"),
        ("/api/pages", "planning"),
        ("/api/phases", "planning"),
        ("/api/tasks", "planning"),
        ("/api/proposals", "planning"),
        ("/api/change-sets", "planning"),
        ("/api/errands", "errands"),
        ("/api/agents", "agents"),
        ("/api/accounts", "agents"),
        ("/api/workspace", "agents"),
    ];

    public static IReadOnlyList<RouteConfig> BuildRoutes() =>
        [.. Routes.Select((route, index) => new RouteConfig
        {
            RouteId = $"{route.Service}-{index}",
            ClusterId = route.Service,
            // Longer prefixes win over shorter ones that share a start.
            Order = -route.Prefix.Length,
            Match = new RouteMatch { Path = $"{route.Prefix}/{{**rest}}" },
        }),
        .. Routes.Select((route, index) => new RouteConfig
        {
            RouteId = $"{route.Service}-{index}-root",
            ClusterId = route.Service,
            Order = -route.Prefix.Length,
            Match = new RouteMatch { Path = route.Prefix },
        })];

    public static IReadOnlyList<ClusterConfig> BuildClusters() =>
        [.. Services.Select(service => new ClusterConfig
        {
            ClusterId = service,
            Destinations = new Dictionary<string, DestinationConfig> { [service] = new() { Address = $"http://{service}" } },
            // Agent output and conversations are long-lived SSE streams: don't cut an idle stream after YARP's 100 s default.
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromHours(1) },
        })];
}
