using System.Globalization;
using System.Text.RegularExpressions;

namespace Codewalkers.Web.Benchmarks;

/// <summary>One "tick N at T" line seen: its number and how long after T (the agent writing it) it was seen.</summary>
internal sealed partial record Tick(int Number, double LatencyMs)
{
    /// <summary>The ticks in <paramref name="text"/>, seen at <paramref name="seenMs"/> (epoch milliseconds).</summary>
    public static IEnumerable<Tick> In(string text, long seenMs) =>
        Pattern().Matches(text).Select(match => new Tick(
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            seenMs - long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)));

    [GeneratedRegex(@"tick (\d+) at (\d+)")]
    private static partial Regex Pattern();
}
