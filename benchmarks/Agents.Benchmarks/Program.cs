using Codewalkers.Agents.Benchmarks;

// Figures for the agent runtime: 50 concurrent fake agents writing JSONL through the real Agents service process.
// Usage: dotnet run -c Release --project benchmarks/Agents.Benchmarks [-- --agents 50 --bursts 40 --lines 1000]
var options = BenchmarkOptions.Parse(args);
Console.WriteLine(
    $"agents={options.Agents} lines per agent={options.Bursts * options.LinesPerBurst} "
    + $"({options.Bursts} bursts of {options.LinesPerBurst})");

var raw = RawSqliteInserts.Measure(options.Agents * options.Bursts * options.LinesPerBurst);
Console.WriteLine(
    $"raw SQLite batch inserts:        {raw,12:N0} lines/s (one row per line, 1000 per transaction, WAL)");

await using var service = await ServiceUnderTest.StartAsync(options);
var ingest = await service.MeasureIngestAsync();
Console.WriteLine(
    $"service ingestion:               {ingest,12:N0} lines/s "
    + $"({ingest / raw:P0} of raw; targets >= 50,000 and >= 30%)");

var latency = await service.MeasureLiveLatencyAsync();
Console.WriteLine(
    $"live stream latency:             p50 {latency.P50,6:N0} ms, p99 {latency.P99,6:N0} ms, "
    + $"max {latency.Max,6:N0} ms over {latency.Count:N0} lines (target p99 < 200 ms)");
Console.WriteLine($"service peak memory (VmHWM):     {service.PeakMemoryMb(),12:N0} MB (target < 300 MB)");
