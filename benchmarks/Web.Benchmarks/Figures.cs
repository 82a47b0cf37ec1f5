namespace Codewalkers.Web.Benchmarks;

/// <summary>Percentiles and the printed lines (milliseconds).</summary>
internal static class Figures
{
    public static double Percentile(IReadOnlyList<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>One measured series on one line: n, the two percentiles asked for, and the max.</summary>
    public static string Line(IReadOnlyList<double> values, int low, int high) =>
        $"n={values.Count}  p{low}={Percentile(values, low):0} ms  p{high}={Percentile(values, high):0} ms  "
        + $"max={values.Max():0} ms";

    /// <summary>"met" or "MISSED" for a bound on one percentile.</summary>
    public static string Verdict(IReadOnlyList<double> values, int p, double limitMs) =>
        $"p{p} {(Percentile(values, p) < limitMs ? "met" : "MISSED")}";

    public static string Ratio(IReadOnlyList<double> measured, IReadOnlyList<double> baseline, int p) =>
        $"p{p} {Percentile(measured, p) / Percentile(baseline, p):0.0}x";
}
