using Codewalkers.Collaboration.Benchmarks;

// Figures for conversations between agents, through the real Collaboration service process.
// Usage: dotnet run -c Release --project benchmarks/Collaboration.Benchmarks [-- --conversations 200 --listeners 50
//        --pending 1000]
var options = BenchmarkOptions.Parse(args);
await using var service = await ServiceUnderTest.StartAsync(options);

var baseline = await service.MeasureBaselineAsync();
Console.WriteLine(
    $"baseline (answer POST, then one GET): p50 {baseline.P50,6:N1} ms, p99 {baseline.P99,6:N1} ms "
    + $"over {baseline.Count} conversations");

var wait = await service.MeasureAnswerLatencyAsync();
Console.WriteLine(
    $"waiting read (answer POST sent -> the asker's waiting GET returns): p50 {wait.P50,6:N1} ms, "
    + $"p99 {wait.P99,6:N1} ms, max {wait.Max,6:N1} ms over {wait.Count} conversations "
    + $"(p99 {wait.P99 / baseline.P99:N2}x baseline; target p99 < 100 ms)");

var fanOut = await service.MeasureFanOutAsync();
Console.WriteLine(
    $"fan-out: {fanOut.Delivered:N0} of {fanOut.Asked:N0} conversations delivered to {options.Listeners} listeners "
    + $"({fanOut.Duplicates} twice, {fanOut.Misrouted} to the wrong listener, {fanOut.Lost} lost) in "
    + $"{fanOut.Elapsed.TotalSeconds:N1} s");
Console.WriteLine(
    $"fan-out live delivery (ask POST returned -> event read): p50 {fanOut.Latency.P50,6:N1} ms, "
    + $"p99 {fanOut.Latency.P99,6:N1} ms, max {fanOut.Latency.Max,6:N1} ms over {fanOut.Latency.Count} "
    + $"(p99 {fanOut.Latency.P99 / baseline.P99:N2}x baseline; target p99 < 100 ms, none lost)");
return fanOut.Lost == 0 && fanOut.Duplicates == 0 && fanOut.Misrouted == 0 ? 0 : 1;
