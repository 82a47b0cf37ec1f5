namespace Codewalkers.Proofs.Faults;

/// <summary>
/// Which rows of the faults suite run: <c>scripts/prove.sh faults [row ...]</c>, every row without one.
/// <c>kills</c> is the services' faults on one executing initiative (<see cref="FaultsSuite"/>, its rows only make sense
/// together); the others are the agents' faults (<see cref="AgentFaultsSuite"/>, on a system of their own).
/// </summary>
public sealed record FaultRows(bool Kills, bool Hang, bool MissingSignal, bool UsageLimit, bool DiskFull)
{
    public static readonly string[] Names = ["kills", "hang", "missing-signal", "usage-limit", "disk-full"];

    public bool AnyAgentRow => Hang || MissingSignal || UsageLimit || DiskFull;

    /// <summary>The rows named (all of them when none is); null when a name is not a row.</summary>
    public static FaultRows? Parse(IReadOnlyList<string> names)
    {
        if (names.Any(name => !Names.Contains(name))) return null;
        bool Runs(string row) => names.Count == 0 || names.Contains(row);
        return new FaultRows(Runs("kills"), Runs("hang"), Runs("missing-signal"), Runs("usage-limit"), Runs("disk-full"));
    }
}
