using Codewalkers.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Codewalkers.Gateway;

/// <summary>
/// The gateway is as healthy as the services behind it, so one probe tells whether the system is up: a service's
/// Degraded (broker lost, dead-lettered messages) is the gateway's Degraded, with the service's reasons.
/// </summary>
internal sealed class DownstreamHealthCheck(HealthProbeClient probe, string service) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await probe.GetHealthAsync(service, cancellationToken);
            var (status, problems) = HealthEndpoints.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (!response.IsSuccessStatusCode) status = HealthStatus.Unhealthy;
            var description = problems.Length == 0
                ? $"{service} is {status}"
                : $"{service} is {status}: {problems.ReplaceLineEndings("; ")}";
            return status switch
            {
                HealthStatus.Healthy => HealthCheckResult.Healthy(),
                HealthStatus.Degraded => HealthCheckResult.Degraded(description),
                _ => HealthCheckResult.Unhealthy(description),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{service} is unreachable", ex);
        }
    }
}
