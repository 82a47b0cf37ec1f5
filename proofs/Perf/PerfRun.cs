using System.Diagnostics;

namespace Codewalkers.Proofs;

/// <summary>
/// <c>Codewalkers.Proofs perf</c>: the perf suite starts its systems itself (a cold and a warm start are among what it
/// measures), so it has its own entry next to the security suite's. Same table, exit codes and run directory.
/// </summary>
public static class PerfRun
{
    /// <param name="repository">The checkout whose built AppHost is started.</param>
    /// <param name="steps">
    /// Only these steps after the starts (<see cref="PerfSuite.StepNames"/>, or <c>start</c> for the starts alone);
    /// none: every step.
    /// </param>
    /// <param name="deleteRunDirectory">Removes the run's directory after a run where every row passed.</param>
    public static async Task<int> RunAsync(
        string repository, IReadOnlyList<string> steps, Action<string> deleteRunDirectory)
    {
        var unknown = steps.Except(["start", .. PerfSuite.StepNames]).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"unknown perf step {string.Join(", ", unknown)}; the steps are: start (the two "
                + $"starts alone), {string.Join(", ", PerfSuite.StepNames)}");
            return 2;
        }
        var clock = Stopwatch.StartNew();
        var loadAtStart = ProcessUsage.LoadAverage();
        var suite = new PerfSuite(repository, steps.ToHashSet());
        Console.Error.WriteLine($"perf: data in {suite.Root}");
        ProofTable table;
        try
        {
            table = await suite.RunAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or FileNotFoundException
            or HttpRequestException or IOException or KeyNotFoundException)
        {
            Console.Error.WriteLine($"the suite could not run: {ex}");
            Console.Error.WriteLine($"kept for a look: {suite.Root}");
            return 2;
        }
        table.Print(Console.Out);
        Console.WriteLine(
            $"load average (1, 5, 15 min) at the start: {loadAtStart}; at the end: {ProcessUsage.LoadAverage()}");
        Console.WriteLine("steps: " + string.Join(", ", suite.Steps.Select(s => $"{s.Step} {s.Seconds:0} s")));
        Console.WriteLine($"took {clock.Elapsed.TotalSeconds:0} s");
        if (table.Passed)
        {
            deleteRunDirectory(suite.Root);
            return 0;
        }
        Console.WriteLine($"kept for a look: {suite.Root} (CW_HOME in home/, the stand-in agents in bench/)");
        return 1;
    }
}
