namespace Codewalkers.Benchmarks;

/// <summary>
/// A set of latencies (milliseconds) summarised as every benchmark and proof prints them: count, p50, p99, max.
/// Percentiles by the nearest-rank method, so p99 of 100 samples is the 99th and not an interpolation.
/// </summary>
internal sealed record Latencies(int Count, double P50, double P99, double Max)
{
    public static Latencies Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0
            ? new Latencies(0, double.NaN, double.NaN, double.NaN)
            : new Latencies(sorted.Length, Percentile(sorted, 50), Percentile(sorted, 99), sorted[^1]);
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public override string ToString() => $"n={Count}  p50={P50:0.0} ms  p99={P99:0.0} ms  max={Max:0.0} ms";
}
