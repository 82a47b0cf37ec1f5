using Codewalkers.Benchmarks;

namespace Codewalkers.Dispatch.Benchmarks;

/// <summary>What one whole-system run gave on one database, for the side-by-side table.</summary>
internal sealed record DispatchFigures(
    string Provider, ChainRun Warm, ChainRun Cold, ChainRun Verified, List<double> Baseline)
{
    /// <summary>Each figure on both databases and the ratio second/first (above 1: slower on the second).</summary>
    public static void PrintSideBySide(DispatchFigures first, DispatchFigures second)
    {
        Console.WriteLine($"side by side: {"figure (ms)",-52} {first.Provider,10} {second.Provider,10} {"ratio",7}");
        foreach (var (label, run) in new[] { ("warm", (Func<DispatchFigures, ChainRun>)(f => f.Warm)),
                     ("cold", f => f.Cold), ("warm, verified by `true`", f => f.Verified) })
        {
            Rows($"{label} hand-off", f => run(f).Latencies);
            if (label != "warm") continue;
            Rows("  of which signal -> dispatch cycle", f => run(f).ToDispatch);
            Rows("  of which dispatch -> process start", f => run(f).ToStart);
        }
        Rows("baseline, Agents alone", f => f.Baseline);
        Row("warm chain, per task", first.Warm.Total.TotalMilliseconds / (first.Warm.Latencies.Count + 1),
            second.Warm.Total.TotalMilliseconds / (second.Warm.Latencies.Count + 1));

        void Rows(string what, Func<DispatchFigures, List<double>> values)
        {
            foreach (var p in new[] { 50, 99 })
                Row($"{what} p{p}", Percentile(values(first), p), Percentile(values(second), p));
        }
    }

    private static void Row(string figure, double first, double second) =>
        Console.WriteLine($"              {figure,-52} {first,10:0.0} {second,10:0.0} {second / first,6:0.00}x");

    private static double Percentile(List<double> values, int p) => Latencies.Percentile(values.Order().ToList(), p);
}
