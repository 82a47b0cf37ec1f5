using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Codewalkers.ServiceDefaults;

/// <summary>
/// <c>/alive</c>: the process answers (liveness). <c>/health</c>: every check passes, including the database and the
/// broker (readiness). Both are anonymous and say only Healthy/Degraded/Unhealthy.
/// </summary>
public static class HealthEndpoints
{
    public static readonly PathString Health = "/health";
    public static readonly PathString Alive = "/alive";
    public const string LiveTag = "live";

    public static IHostApplicationBuilder AddDefaultHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(Health);
        app.MapHealthChecks(Alive, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        return app;
    }
}
