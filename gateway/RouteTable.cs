using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Codewalkers.Gateway;

/// <summary>
/// The one place that says which service owns which public path. Destinations are service names resolved by
/// service discovery (the AppHost injects each service's address), never fixed ports.
/// </summary>
public static class RouteTable
{
    public static readonly string[] Services = ["planning", "agents", "collaboration", "errands"];

    /// <summary>
    /// The web app: every path the API does not own (its pages, its Blazor circuit, its files) and the API reference
    /// at /api/docs, which it renders from the services' OpenAPI documents. It signs browsers in with its own cookie.
    /// </summary>
    public const string WebApp = "web";

    public const string ApiReferencePath = "/api/docs";

    /// <summary>Paths the gateway hands to the web app without the bearer token; the web app checks its cookie.</summary>
    public static bool IsWebPath(PathString path) =>
        !path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(ApiReferencePath, StringComparison.OrdinalIgnoreCase);

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
        ("/api/conversations", "collaboration"),
        ("/api/messages", "collaboration"),
        ("/api/events", "collaboration"),
        ("/api/webhooks", "collaboration"),
        ("/api/review-comments", "collaboration"),
        ("/api/chat-sessions", "collaboration"),
        ("/api/agents", "agents"),
        ("/api/accounts", "agents"),
        ("/api/providers", "agents"),
        ("/api/workspace", "agents"),
        // Usage is known where sessions run; an initiative's is /api/usage?initiativeId=.
        ("/api/usage", "agents"),
    ];

    /// <summary>
    /// Long-lived server-sent event streams (agent output, questions to an agent, the events feed): the only routes
    /// allowed to stay quiet for long. Each stream sends a keep-alive every 15 s, but a client may hold it open for
    /// hours.
    /// </summary>
    public static readonly IReadOnlyList<(string Path, string Service)> StreamingRoutes =
    [
        ("/api/agents/{id}/output", "agents"),
        ("/api/conversations/stream", "collaboration"),
        ("/api/events", "collaboration"),
    ];

    /// <summary>How long a streaming route may go without a byte before the gateway gives up on it.</summary>
    public static readonly TimeSpan StreamIdleTimeout = TimeSpan.FromHours(1);

    /// <summary>
    /// How long any other request may go without a byte from the service (Gateway:RequestTimeout): a service that
    /// hangs (frozen, or its address still accepting connections while it is down) answers 504 after this, not after
    /// an hour. Above SQLite's 30 s lock wait, so a request queued for the write lock is not cut off.
    /// </summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(35);

    /// <summary>
    /// The web app sees the address the browser used, so it can compare a request's Origin with it and build links.
    /// </summary>
    private static readonly IReadOnlyList<IReadOnlyDictionary<string, string>> KeepHost =
        [new Dictionary<string, string> { ["RequestHeaderOriginalHost"] = "true" }];

    public static string StreamingCluster(string service) => $"{service}-streaming";

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
        }),
        .. StreamingRoutes.Select((route, index) => new RouteConfig
        {
            RouteId = $"{route.Service}-stream-{index}",
            ClusterId = StreamingCluster(route.Service),
            // Before every prefix route.
            Order = int.MinValue,
            Match = new RouteMatch { Path = route.Path, Methods = ["GET"] },
        }),
        new RouteConfig
        {
            RouteId = "web-api-reference",
            ClusterId = WebApp,
            Transforms = KeepHost,
            Order = int.MinValue,
            Match = new RouteMatch { Path = $"{ApiReferencePath}/{{**rest}}" },
        },
        new RouteConfig
        {
            RouteId = "web-api-reference-root",
            ClusterId = WebApp,
            Transforms = KeepHost,
            Order = int.MinValue,
            Match = new RouteMatch { Path = ApiReferencePath },
        },
        // Last: whatever no API route took. An unknown /api path still answers the API's 404, not a page.
        new RouteConfig
        {
            RouteId = "web",
            ClusterId = WebApp,
            Transforms = KeepHost,
            Order = int.MaxValue,
            Match = new RouteMatch { Path = "/{**path}" },
        }];

    public static IReadOnlyList<ClusterConfig> BuildClusters(TimeSpan? requestTimeout = null) =>
        [.. Services.Select(service => Cluster(service, service, requestTimeout ?? DefaultRequestTimeout)),
        .. StreamingRoutes.Select(route => route.Service).Distinct()
            .Select(service => Cluster(StreamingCluster(service), service, StreamIdleTimeout)),
        // A browser holds the web app's circuit (a WebSocket) open for as long as the page is open.
        Cluster(WebApp, WebApp, StreamIdleTimeout)];

    private static ClusterConfig Cluster(string id, string service, TimeSpan activityTimeout) => new()
    {
        ClusterId = id,
        Destinations = new Dictionary<string, DestinationConfig>
        {
            [service] = new() { Address = $"http://{service}" },
        },
        HttpRequest = new ForwarderRequestConfig { ActivityTimeout = activityTimeout },
    };
}
