namespace Codewalkers.Agents.Benchmarks;

internal sealed record BenchmarkOptions(
    int Agents, int Bursts, int LinesPerBurst, int LiveSeconds, int AdmissionAgents, int AgentMb, int HoldSeconds,
    bool AdmissionOnly)
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
        return new BenchmarkOptions(Get("agents", 50), Get("bursts", 40), Get("lines", 1000), Get("live-seconds", 10),
            Get("admission-agents", 30), Get("agent-mb", 200), Get("hold-seconds", 5), args.Contains("--admission-only"));
    }
}
