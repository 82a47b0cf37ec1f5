using Codewalkers.Benchmarks;

namespace Codewalkers.Agents.Benchmarks;

/// <summary>What one run of the runtime measurements gave on one database, for the side-by-side table.</summary>
internal sealed record RuntimeFigures(string Provider, double LinesPerSecond, Latencies Live, long PeakMb)
{
    /// <summary>Each figure on both databases and the ratio second/first (above 1: the second is higher).</summary>
    public static void PrintSideBySide(RuntimeFigures first, RuntimeFigures second)
    {
        Console.WriteLine($"side by side: {"figure",-28} {first.Provider,12} {second.Provider,12} {"ratio",8}");
        Row("ingestion (lines/s)", first.LinesPerSecond, second.LinesPerSecond);
        Row("live latency p50 (ms)", first.Live.P50, second.Live.P50);
        Row("live latency p99 (ms)", first.Live.P99, second.Live.P99);
        Row("live latency max (ms)", first.Live.Max, second.Live.Max);
        Row("service peak memory (MB)", first.PeakMb, second.PeakMb);
    }

    private static void Row(string figure, double first, double second) =>
        Console.WriteLine($"              {figure,-28} {first,12:N0} {second,12:N0} {second / first,7:0.00}x");
}
