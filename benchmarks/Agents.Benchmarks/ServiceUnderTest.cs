using Codewalkers.Benchmarks;

namespace Codewalkers.Agents.Benchmarks;

/// <summary>
/// The Agents service as a real process with its own CW_HOME and the benchmark providers (data, not code: see
/// <see cref="BenchProviders"/>, plus the admission run's memory-hungry agent). What is measured is shared with the
/// perf proof (<see cref="AgentRuns"/>).
/// </summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    private readonly BenchmarkOptions _options;
    private ServiceProcess _service = null!;
    private AgentRuns _runs = null!;

    private ServiceUnderTest(BenchmarkOptions options) => _options = options;

    public static async Task<ServiceUnderTest> StartAsync(BenchmarkOptions options)
    {
        var service = new ServiceUnderTest(options);
        service._service = await ServiceProcess.StartAsync("Agents", home => new Dictionary<string, string>
        {
            ["Agents__ProvidersFile"] = service.WriteProviders(home),
            // Measures the runtime, not admission: 50 agents at once must all launch, whatever the load.
            ["Agents__Admission__MaxLoadPerCore"] = "1000",
        });
        service._runs = new AgentRuns(service._service.Client, service._service.DatabasePath("agents"));
        return service;
    }

    private string WriteProviders(string home)
    {
        var memory = Path.Combine(home, AdmissionMemory.ScriptName);
        File.WriteAllText(memory, AdmissionMemory.Perl);
        return BenchProviders.Write(
            home, _options.Bursts * _options.LinesPerBurst, _options.LiveSeconds,
            more: new Dictionary<string, object>
            {
                [AdmissionMemory.Provider] = AdmissionMemory.ProviderEntry(memory, _options),
            });
    }

    public async Task<double> MeasureIngestAsync()
    {
        var (linesPerSecond, stored, expected, elapsed, spawning) =
            await _runs.MeasureIngestAsync(_options.Agents, _options.Bursts * _options.LinesPerBurst);
        Console.WriteLine(
            $"  stored {stored:N0} of {expected:N0} lines in {elapsed.TotalSeconds:N1} s "
            + $"(spawn to last agent completed; the spawns took {spawning.TotalSeconds:N1} s)");
        return linesPerSecond;
    }

    public async Task<Latencies> MeasureLiveLatencyAsync() =>
        Latencies.Of(await _runs.MeasureLiveLatencyAsync(_options.Agents));

    /// <summary>Admission by capacity against N memory-hungry agents spawned at once (<see cref="AdmissionMemory"/>).</summary>
    public Task<IReadOnlyList<AdmissionMemory.Run>> MeasureAdmissionAsync() =>
        new AdmissionMemory(_service.Client, _service.ProcessId, _options).MeasureAsync();

    public long PeakMemoryMb()
    {
        var status = File.ReadAllLines($"/proc/{_service.ProcessId}/status")
            .First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }

    public ValueTask DisposeAsync() => _service?.DisposeAsync() ?? ValueTask.CompletedTask;
}
