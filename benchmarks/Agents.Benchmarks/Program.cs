using Codewalkers.Agents.Benchmarks;
using Codewalkers.Benchmarks;

// Figures for the agent runtime: concurrent fake agents through the real Agents service process.
// Usage: dotnet run -c Release --project benchmarks/Agents.Benchmarks [-- --agents 50 --bursts 40 --lines 1000]
//        [--admission-agents 30 --agent-mb 200 --hold-seconds 5] [--admission-only] [--provider sqlite|postgres|both]
var options = BenchmarkOptions.Parse(args);
var figures = new List<RuntimeFigures>();
foreach (var provider in options.Providers)
{
    await using var service = await ServiceUnderTest.StartAsync(options, provider);
    if (!options.AdmissionOnly) figures.Add(await MeasureRuntimeAsync(service, options, provider));
    // Admission is about memory, not the database: measured once, on the first provider.
    if (provider == options.Providers[0]) await MeasureAdmissionAsync(service, options);
}
if (figures.Count == 2) RuntimeFigures.PrintSideBySide(figures[0], figures[1]);

static async Task<RuntimeFigures> MeasureRuntimeAsync(ServiceUnderTest service, BenchmarkOptions options, string provider)
{
    Console.WriteLine(
        $"[{provider}] agents={options.Agents} lines per agent={options.Bursts * options.LinesPerBurst} "
        + $"({options.Bursts} bursts of {options.LinesPerBurst})");
    var raw = RawSqliteInserts.Measure(options.Agents * options.Bursts * options.LinesPerBurst);
    Console.WriteLine(
        $"raw SQLite batch inserts:        {raw,12:N0} lines/s (one row per line, 1000 per transaction, WAL)");
    var ingest = await service.MeasureIngestAsync();
    Console.WriteLine(
        $"service ingestion:               {ingest,12:N0} lines/s "
        + $"({ingest / raw:P0} of raw SQLite; targets >= 50,000 and >= 30%)");
    var latency = await service.MeasureLiveLatencyAsync();
    Console.WriteLine(
        $"live stream latency:             p50 {latency.P50,6:N0} ms, p99 {latency.P99,6:N0} ms, "
        + $"max {latency.Max,6:N0} ms over {latency.Count:N0} lines (target p99 < 200 ms)");
    var peak = service.PeakMemoryMb();
    Console.WriteLine($"service peak memory (VmHWM):     {peak,12:N0} MB (target < 300 MB)");
    return new RuntimeFigures(provider, ingest, latency, peak);
}

static async Task MeasureAdmissionAsync(ServiceUnderTest service, BenchmarkOptions options)
{
    Console.WriteLine(
        $"admission by capacity: {options.AdmissionAgents} agents spawned at once, each holding {options.AgentMb} MB "
        + $"for {options.HoldSeconds} s");
    var runs = await service.MeasureAdmissionAsync();
    foreach (var run in runs)
        Console.WriteLine(
            $"  {run.Label,-60} agents' peak RSS {run.PeakAgentsMb,6:N0} MB, {run.PeakHolding,2} holding at once, "
            + $"all done in {run.Seconds,5:N1} s, service {run.PeakServiceMb:N0} MB");
    Console.WriteLine($"  ratio with/without: peak RSS {(double)runs[1].PeakAgentsMb / runs[0].PeakAgentsMb:0.00}x, "
        + $"time {runs[1].Seconds / runs[0].Seconds:0.00}x");
}
