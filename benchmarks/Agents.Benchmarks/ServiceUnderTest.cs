using Codewalkers.Benchmarks;
using Codewalkers.TestSupport;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Codewalkers.Agents.Benchmarks;

/// <summary>
/// The Agents service as a real process with its own CW_HOME and the benchmark providers (data, not code: see
/// <see cref="BenchProviders"/>, plus the admission run's memory-hungry agent). What is measured is shared with the
/// perf proof (<see cref="AgentRuns"/>). On <c>postgres</c> its database is a fresh one on a local PostgreSQL server
/// started once per run as the AppHost starts its own (durable: <see cref="TestPostgres.Durable"/>).
/// </summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    private readonly BenchmarkOptions _options;
    private readonly string? _postgres;
    private ServiceProcess _service = null!;
    private AgentRuns _runs = null!;

    private ServiceUnderTest(BenchmarkOptions options, string? postgres) => (_options, _postgres) = (options, postgres);

    /// <param name="options">What to run.</param>
    /// <param name="provider"><c>sqlite</c> (the file under its CW_HOME) or <c>postgres</c>.</param>
    public static async Task<ServiceUnderTest> StartAsync(BenchmarkOptions options, string provider)
    {
        TestPostgres.Durable = true;
        var service = new ServiceUnderTest(options, provider == "postgres" ? TestPostgres.CreateDatabase("agents") : null);
        service._service = await ServiceProcess.StartAsync("Agents", home =>
        {
            var settings = new Dictionary<string, string>
            {
                ["Agents__ProvidersFile"] = service.WriteProviders(home),
                // Measures the runtime, not admission: 50 agents at once must all launch, whatever the load.
                ["Agents__Admission__MaxLoadPerCore"] = "1000",
            };
            if (service._postgres is { } postgres)
            {
                settings["Database__Provider"] = "postgres";
                settings["ConnectionStrings__agents"] = postgres;
            }
            return settings;
        });
        var sqliteFile = service._service.DatabasePath("agents");
        service._runs = new AgentRuns(service._service.Client, () => service._postgres is { } postgres
            ? new NpgsqlConnection(postgres)
            : new SqliteConnection($"Data Source={sqliteFile};Mode=ReadOnly;Pooling=false"));
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

    public async ValueTask DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
        if (_postgres is not null) await TestPostgres.DropDatabaseAsync(_postgres);
    }
}
