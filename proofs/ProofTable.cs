namespace Codewalkers.Proofs;

/// <summary>
/// One suite's results as a table: what was tried, how many times, what was expected, what was measured, PASS/FAIL.
/// Failing rows carry a detail (the routes or files that failed), printed under the table.
/// </summary>
public sealed class ProofTable(string suite)
{
    private readonly List<Row> _rows = [];

    public sealed record Row(
        string Tried, long Count, string Expected, string Measured, bool Passed, string? Detail, bool Skipped = false);

    public bool Passed => _rows.All(row => row.Passed);

    public void Add(string tried, long count, string expected, string measured, bool passed, string? detail = null)
    {
        _rows.Add(new Row(tried, count, expected, measured, passed, detail));
        // Progress as it happens: a suite runs for minutes.
        Console.Error.WriteLine($"  [{(passed ? "PASS" : "FAIL")}] {tried}: {measured}");
    }

    /// <summary>A row that could not be tried here (the machine lacks what it needs): neither PASS nor FAIL.</summary>
    public void Skip(string tried, string why)
    {
        _rows.Add(new Row(tried, 0, "", why, true, null, Skipped: true));
        Console.Error.WriteLine($"  [SKIPPED] {tried}: {why}");
    }

    public void Print(TextWriter output)
    {
        string[] headers = ["tried", "count", "expected", "measured", "result"];
        var cells = _rows.Select(row => new[]
        {
            row.Tried, row.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Expected,
            row.Measured, row.Skipped ? "SKIPPED" : row.Passed ? "PASS" : "FAIL",
        }).ToList();
        var widths = headers.Select((header, i) => cells.Select(c => c[i].Length).Append(header.Length).Max()).ToArray();
        output.WriteLine();
        output.WriteLine($"== {suite} ==");
        output.WriteLine(Line(headers, widths));
        output.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in cells) output.WriteLine(Line(row, widths));
        var failures = _rows.Where(row => !row.Passed && row.Detail is not null).ToList();
        foreach (var failure in failures)
        {
            output.WriteLine();
            output.WriteLine($"FAIL {failure.Tried}:");
            output.WriteLine(failure.Detail);
        }
        output.WriteLine();
        var skipped = _rows.Count(r => r.Skipped);
        output.WriteLine($"{suite}: {_rows.Count(r => r.Passed && !r.Skipped)} of {_rows.Count - skipped} rows PASS"
            + (skipped > 0 ? $", {skipped} skipped" : ""));
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((cell, i) => i == 1 ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i])))
            .TrimEnd();
}
