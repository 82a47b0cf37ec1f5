using System.Globalization;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// The thresholds in force, each from (first found) the runtime override, the configuration, or the machine's size.
/// </summary>
public sealed record AdmissionThresholds(
    long MinFreeMemoryMb, double MaxLoadPerCore, long MinFreeDiskMb, int? MaxRunningAgents)
{
    /// <summary>
    /// Without settings: 10% of RAM free (an agent's CLI takes a few hundred MB; at least 256 MB so a small machine
    /// keeps room for one, at most 2 GB so a large one is not held back for memory it will never miss); a load of 8 per
    /// core (memory is what runs out; the load only guards a machine already thrashing: agents mostly wait on their
    /// model, so a high 1-minute load is builds and tests, which still finish at 7 per core on the 2-core machine this
    /// was built on, but not long beyond); 1 GB of disk (a worktree, its build output and dependencies); no limit of
    /// agents (Planning's MaxConcurrentAgents bounds task agents already).
    /// </summary>
    public static AdmissionThresholds Defaults(long totalMemoryMb) =>
        new(Math.Clamp(totalMemoryMb / 10, 256, 2048), 8.0, 1024, null);

    public static AdmissionThresholds Resolve(AdmissionOptions configured, AdmissionLimits overrides, long totalMemoryMb)
    {
        var defaults = Defaults(totalMemoryMb);
        var limit = overrides.MaxRunningAgents ?? configured.MaxRunningAgents;
        return new(
            overrides.MinFreeMemoryMb ?? configured.MinFreeMemoryMb ?? defaults.MinFreeMemoryMb,
            overrides.MaxLoadPerCore ?? configured.MaxLoadPerCore ?? defaults.MaxLoadPerCore,
            overrides.MinFreeDiskMb ?? configured.MinFreeDiskMb ?? defaults.MinFreeDiskMb,
            limit is > 0 ? limit : null);
    }

    /// <summary>
    /// Each threshold the measurement misses, as the user reads it: the measured value, then the threshold.
    /// </summary>
    public IReadOnlyList<string> Shortfalls(CapacityMeasurement measured, int runningAgents, HeldMemory? held = null)
    {
        held ??= new HeldMemory(0, 0);
        var missed = new List<string>();
        if (measured.FreeMemoryMb - held.Mb < MinFreeMemoryMb)
            missed.Add(held.Mb == 0
                ? $"free memory {measured.FreeMemoryMb} MB < {MinFreeMemoryMb} MB"
                : $"free memory {measured.FreeMemoryMb} MB less {held.Mb} MB held for {held.SettlingAgents} agents "
                    + $"just launched < {MinFreeMemoryMb} MB");
        if (measured.FreeDiskMb < MinFreeDiskMb)
            missed.Add($"free disk {measured.FreeDiskMb} MB < {MinFreeDiskMb} MB");
        if (measured.LoadPerCore > MaxLoadPerCore)
            missed.Add(string.Create(CultureInfo.InvariantCulture,
                $"load {measured.LoadPerCore:0.00} per core > {MaxLoadPerCore:0.00}"));
        if (runningAgents >= MaxRunningAgents)
            missed.Add($"running agents {runningAgents} >= limit {MaxRunningAgents}");
        return missed;
    }
}

/// <summary>Thresholds set at runtime (<c>PUT /api/agents/capacity</c>); a null one is the configured or default.</summary>
public sealed record AdmissionLimits(
    long? MinFreeMemoryMb = null, double? MaxLoadPerCore = null, long? MinFreeDiskMb = null,
    int? MaxRunningAgents = null);
