using System.Text;
using Codewalkers.ServiceDefaults.Redaction;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Codewalkers.ServiceDefaults;

/// <summary>
/// <c>/alive</c>: the process answers (liveness). <c>/health</c>: every check passes, including the database and the
/// broker (readiness). Both are anonymous. The body's first line is Healthy, Degraded or Unhealthy (so
/// <c>curl .../health</c> prints just "Healthy" when all is well); each check that is not healthy adds a line
/// <c>name: Status - description</c>, with secrets redacted. Degraded answers 200, Unhealthy 503.
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
        app.MapHealthChecks(Health, new HealthCheckOptions { ResponseWriter = WriteStatusAndProblemsAsync });
        app.MapHealthChecks(Alive, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        return app;
    }

    private static Task WriteStatusAndProblemsAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString());
        var problems = report.Entries
            .Where(e => e.Value.Status != HealthStatus.Healthy)
            .OrderBy(e => e.Key, StringComparer.Ordinal);
        foreach (var (name, entry) in problems)
        {
            var description = entry.Description ?? entry.Exception?.Message ?? "";
            text.Append('\n').Append(name).Append(": ").Append(entry.Status)
                .Append(description.Length == 0
                    ? ""
                    : " - " + SecretRedactor.Generic.Redact(description.ReplaceLineEndings(" ")));
        }
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }

    /// <summary>
    /// Reads a body written by <c>/health</c>: the status, and the lines about checks that are not healthy.
    /// </summary>
    public static (HealthStatus Status, string Problems) Parse(string body)
    {
        var lines = body.ReplaceLineEndings("\n").Split('\n', 2);
        var status = Enum.TryParse<HealthStatus>(lines[0].Trim(), out var parsed) ? parsed : HealthStatus.Unhealthy;
        return (status, lines.Length > 1 ? lines[1].Trim() : "");
    }
}
