using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Supervision;

/// <summary>The machine as last measured, the thresholds in force, and whether another agent may launch.</summary>
public sealed record CapacityReport(
    CapacityMeasurement Measured, AdmissionThresholds Thresholds, int RunningAgents, HeldMemory Held,
    IReadOnlyList<string> Shortfalls, DateTimeOffset MeasuredAt)
{
    public bool Admitting => Shortfalls.Count == 0;

    /// <summary>The waiting agents' status reason: every threshold missed.</summary>
    public string Reason => string.Join("; ", Shortfalls);
}

/// <summary>Memory held for agents launched so recently that a measurement may not show it yet.</summary>
public sealed record HeldMemory(int SettlingAgents, long Mb);

/// <summary>
/// Decides whether an agent may launch now. The machine is measured at most once per
/// <see cref="AdmissionOptions.RecheckInterval"/> (the supervisor asks every turn, so that interval is how soon waiting
/// agents notice capacity coming back); the thresholds and the count of running agents are always current, and so is
/// the memory held for the agents launched in the last <see cref="AdmissionOptions.LaunchSettling"/>: without it, the
/// thirty spawns of a burst were all admitted on one measurement of an idle machine (see the Agents benchmark).
/// An agent whose initiative or project has spent its budget is held back the same way (<see cref="AdmissionBudgets"/>).
/// </summary>
public sealed class AdmissionControl(
    CapacityProbe probe, AdmissionSettings settings, AdmissionBudgets budgets, IOptions<AgentsOptions> options,
    TimeProvider clock)
{
    private readonly Lock _gate = new();
    private (CapacityMeasurement Measured, DateTimeOffset At)? _last;
    private readonly Queue<DateTimeOffset> _launches = new();

    public CapacityReport Judge(int runningAgents, bool fresh = false)
    {
        var (measured, at) = Measurement(fresh);
        var held = Held();
        var thresholds = AdmissionThresholds.Resolve(options.Value.Admission, settings.Current, measured.TotalMemoryMb);
        return new CapacityReport(measured, thresholds, runningAgents, held,
            thresholds.Shortfalls(measured, runningAgents, held), at);
    }

    /// <summary>An agent was launched: its memory is held until a measurement can be trusted to show it.</summary>
    public void Launched()
    {
        lock (_gate) _launches.Enqueue(clock.GetUtcNow());
    }

    private HeldMemory Held()
    {
        var admission = options.Value.Admission;
        var settledBefore = clock.GetUtcNow() - admission.LaunchSettling;
        lock (_gate)
        {
            while (_launches.TryPeek(out var at) && at <= settledBefore) _launches.Dequeue();
            return new HeldMemory(_launches.Count, _launches.Count * admission.AgentMemoryMb);
        }
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
