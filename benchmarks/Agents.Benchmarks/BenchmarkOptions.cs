namespace Codewalkers.Agents.Benchmarks;

internal sealed record BenchmarkOptions(int Agents, int Bursts, int LinesPerBurst, int LiveSeconds)
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
        return new BenchmarkOptions(Get("agents", 50), Get("bursts", 40), Get("lines", 1000), Get("live-seconds", 10));
    }
}
