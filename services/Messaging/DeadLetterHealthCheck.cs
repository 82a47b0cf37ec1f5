using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Codewalkers.Messaging;

/// <summary>
/// Degraded while any consumed message has been dead-lettered:
/// the service runs, but something it was told did not happen.
/// </summary>
internal sealed class DeadLetterHealthCheck(DeadLetters deadLetters) : IHealthCheck
{
    public const string Name = "dead-letters";

    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var byType = deadLetters.ByMessageType
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToList();
        if (byType.Count == 0) return Task.FromResult(HealthCheckResult.Healthy("No dead-lettered messages"));

        var total = byType.Sum(p => p.Value);
        var types = string.Join(", ", byType.Select(p => $"{p.Key} ({p.Value})"));
        return Task.FromResult(HealthCheckResult.Degraded(
            $"{total} message(s) failed every retry or could not be read, and wait in an error queue: {types}",
            data: byType.ToDictionary(p => p.Key, p => (object)p.Value)));
    }
}
