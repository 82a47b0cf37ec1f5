namespace Codewalkers.Collaboration.Benchmarks;

/// <summary>
/// <paramref name="Conversations"/> asked and answered one at a time for the latency figures;
/// <paramref name="Pending"/> questions spread over <paramref name="Listeners"/> listening agents for the fan-out (half
/// asked before the listeners connect, half while they listen).
/// </summary>
internal sealed record BenchmarkOptions(int Conversations, int Listeners, int Pending)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        int Value(string name, int fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1]) : fallback;
        }
        return new BenchmarkOptions(Value("--conversations", 200), Value("--listeners", 50), Value("--pending", 1000));
    }
}
