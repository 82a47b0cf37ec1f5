namespace Codewalkers.Agents.Benchmarks;

/// <summary>
/// The command line. <c>Providers</c>: the databases to measure on, in order (<c>--provider sqlite|postgres|both</c>,
/// default sqlite); with both, the same measurements run on each and are printed side by side.
/// </summary>
internal sealed record BenchmarkOptions(
    int Agents, int Bursts, int LinesPerBurst, int LiveSeconds, int AdmissionAgents, int AgentMb, int HoldSeconds,
    bool AdmissionOnly, IReadOnlyList<string> Providers)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var index = Array.IndexOf(args, $"--{name}");
            return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value)
                ? value
                : fallback;
        }
        var provider = Array.IndexOf(args, "--provider") is var at && at >= 0 && at + 1 < args.Length
            ? args[at + 1]
            : "sqlite";
        IReadOnlyList<string> providers = provider switch
        {
            "sqlite" or "postgres" => [provider],
            "both" => ["sqlite", "postgres"],
            _ => throw new ArgumentException($"--provider is sqlite, postgres or both, not '{provider}'"),
        };
        return new BenchmarkOptions(Get("agents", 50), Get("bursts", 40), Get("lines", 1000), Get("live-seconds", 10),
            Get("admission-agents", 30), Get("agent-mb", 200), Get("hold-seconds", 5), args.Contains("--admission-only"),
            providers);
    }
}
