namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Thresholds below which a new agent waits instead of launching. Unset, each is derived from the machine
/// (<see cref="AdmissionThresholds.Defaults"/>); <c>PUT /api/agents/capacity</c> overrides them at runtime.
/// </summary>
public sealed class AdmissionOptions
{
    /// <summary>Free memory (MemAvailable) needed to launch; unset: 10% of RAM, at least 256 MB, at most 2 GB.</summary>
    public long? MinFreeMemoryMb { get; set; }
    /// <summary>Highest 1-minute load average per core at which agents still launch; unset: 8.0.</summary>
    public double? MaxLoadPerCore { get; set; }
    /// <summary>Free space on the workspace's filesystem needed to launch; unset: 1024 MB.</summary>
    public long? MinFreeDiskMb { get; set; }
    /// <summary>Agents running at once at most (the service's own concurrency limit); unset or 0: no limit.</summary>
    public int? MaxRunningAgents { get; set; }
    /// <summary>How often the machine is measured again for the agents waiting for capacity.</summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// Memory held for each agent launched in the last <see cref="LaunchSettling"/>: a CLI takes its few hundred MB in
    /// its first seconds, so a measurement taken meanwhile does not see it yet, and a burst of spawns would otherwise
    /// all be admitted on the memory of an idle machine.
    /// </summary>
    public long AgentMemoryMb { get; set; } = 300;
    /// <summary>How long after its launch an agent's memory is held rather than trusted to show in a measurement.</summary>
    public TimeSpan LaunchSettling { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>The ports handed out as CW_PORT_BASE, 10 per agent (Agents:Ports:First..Last).</summary>
public sealed class PortOptions
{
    /// <summary>
    /// Below Linux's ephemeral range (32768-60999), so no outgoing connection of the machine takes one meanwhile.
    /// </summary>
    public int First { get; set; } = 20000;
    public int Last { get; set; } = 29999;
}
