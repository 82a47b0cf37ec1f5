using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Supervision;

/// <summary>The machine as last measured, the thresholds in force, and whether another agent may launch.</summary>
public sealed record CapacityReport(
    CapacityMeasurement Measured, AdmissionThresholds Thresholds, int RunningAgents, IReadOnlyList<string> Shortfalls,
    DateTimeOffset MeasuredAt)
{
    public bool Admitting => Shortfalls.Count == 0;

    /// <summary>The waiting agents' status reason: every threshold missed.</summary>
    public string Reason => string.Join("; ", Shortfalls);
}

/// <summary>
/// Decides whether an agent may launch now. The machine is measured at most once per
/// <see cref="AdmissionOptions.RecheckInterval"/> (the supervisor asks every turn, so that interval is how soon waiting
/// agents notice capacity coming back); the thresholds and the count of running agents are always current. An agent
/// whose initiative or project has spent its budget is held back the same way (<see cref="AdmissionBudgets"/>).
/// </summary>
public sealed class AdmissionControl(
    CapacityProbe probe, AdmissionSettings settings, AdmissionBudgets budgets, IOptions<AgentsOptions> options,
    TimeProvider clock)
{
    private readonly Lock _gate = new();
    private (CapacityMeasurement Measured, DateTimeOffset At)? _last;

    public CapacityReport Judge(int runningAgents, bool fresh = false)
    {
        var (measured, at) = Measurement(fresh);
        var thresholds = AdmissionThresholds.Resolve(options.Value.Admission, settings.Current, measured.TotalMemoryMb);
        return new CapacityReport(measured, thresholds, runningAgents, thresholds.Shortfalls(measured, runningAgents),
            at);
    }

    /// <summary>Whether this agent may launch now: the machine's capacity, then its budgets.</summary>
    public async Task<CapacityReport> JudgeAsync(string agentId, int runningAgents,
        CancellationToken cancellationToken)
    {
        var report = Judge(runningAgents);
        var overBudget = await budgets.ShortfallsAsync(agentId, cancellationToken);
        return overBudget.Count == 0 ? report : report with { Shortfalls = [.. report.Shortfalls, .. overBudget] };
    }

    /// <summary>New thresholds: the next judgement measures again instead of using the last measurement.</summary>
    public void Invalidate()
    {
        lock (_gate) _last = null;
    }

    private (CapacityMeasurement, DateTimeOffset) Measurement(bool fresh)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (!fresh && _last is { } last && now - last.At < options.Value.Admission.RecheckInterval) return last;
            _last = (probe.Measure(), now);
            return _last.Value;
        }
    }
}
