using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Benchmarks;
using Microsoft.Data.Sqlite;

namespace Codewalkers.Agents.Benchmarks;

/// <summary>
/// The Agents service as a real process with its own CW_HOME and two extra providers (data, not code): "bench"
/// and "bench-live" run a shell script that writes Claude-style JSONL in timed bursts, then signals done.
/// </summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    private readonly BenchmarkOptions _options;
    private ServiceProcess _service = null!;

    private HttpClient Client => _service.Client;

    private ServiceUnderTest(BenchmarkOptions options) => _options = options;

    // Each takes the prompt as a last argument it ignores: a provider without one is refused at start.
    // bench-live: timed bursts stamped with the time they are written. bench: the same JSONL dumped at once (cat), so
    // the measured time is the service's ingestion, not the writer's.
    private const string AwkProgram =
        """'BEGIN { for (i = 0; i < per; i++) printf "{\"type\":\"assistant\",\"ts\":%s,\"seq\":%d,"""
        + """\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"lorem ipsum dolor sit amet %d\"}]}}\n", """
        + """ts, b * per + i, i }'""";

    private const string Script = $$$"""
        bursts=$1; per=$2; pause=$3; sleep "$4"
        if [ -n "$5" ]; then cat "$5"; else
          b=0
          while [ $b -lt $bursts ]; do
            awk -v ts="$(date +%s%3N)" -v b=$b -v per=$per {{{AwkProgram}}}
            b=$((b + 1))
            sleep "$pause"
          done
        fi
        mkdir -p .cw/output && echo '{"status":"done","result":{"message":"bench"}}' > .cw/output/signal.json
        """;

    public static async Task<ServiceUnderTest> StartAsync(BenchmarkOptions options)
    {
        var service = new ServiceUnderTest(options);
        await service.StartProcessAsync();
        return service;
    }

    private async Task StartProcessAsync() =>
        _service = await ServiceProcess.StartAsync("Agents", home => new Dictionary<string, string>
        {
            ["Agents__ProvidersFile"] = WriteProviders(home),
            // Measures the runtime, not admission: 50 agents at once must all launch, whatever the load.
            ["Agents__Admission__MaxLoadPerCore"] = "1000",
        });

    /// <summary>The bench providers' script, emitter and dump, written into the service's CW_HOME.</summary>
    private string WriteProviders(string home)
    {
        var script = Path.Combine(home, "bench-agent.sh");
        File.WriteAllText(script, Script);
        var emitter = Path.Combine(home, "bench-emitter.pl");
        File.WriteAllText(emitter, Emitter.Perl);
        var liveBursts = _options.LiveSeconds * 10;
        var dump = Path.Combine(home, "bench-lines.jsonl");
        File.WriteAllLines(dump, Enumerable.Range(0, _options.Bursts * _options.LinesPerBurst).Select(FakeLine.Json));
        var memory = Path.Combine(home, AdmissionMemory.ScriptName);
        File.WriteAllText(memory, AdmissionMemory.Perl);
        var providers = Path.Combine(home, "bench-providers.json");
        File.WriteAllText(providers, JsonSerializer.Serialize(new
        {
            providers = new Dictionary<string, object>
            {
                ["bench"] = Provider(script, 0, 0, "0", "0", dump),
                [AdmissionMemory.Provider] = AdmissionMemory.ProviderEntry(memory, _options),
                ["bench-live"] = new
                {
                    executable = "perl",
                    spawnArgs = new[] { emitter, liveBursts.ToString(), "10", "0.1", "1", "{prompt}" },
                    resumeArgs = Array.Empty<string>(), parser = "claude-stream-json", sessionIdSource = "none",
                },
            },
        }));
        return providers;
    }

    private static object Provider(string script, int bursts, int lines, string pause, string delay, string dump) => new
    {
        executable = "sh", spawnArgs = new[] { script, bursts.ToString(), lines.ToString(), pause, delay, dump, "{prompt}" },
        resumeArgs = Array.Empty<string>(), parser = "claude-stream-json", sessionIdSource = "none",
    };

    public async Task<double> MeasureIngestAsync()
    {
        var watch = Stopwatch.StartNew();
        var ids = await SpawnAsync("bench");
        await WaitForAllStoppedAsync(Client, ids);
        var elapsed = watch.Elapsed;
        var expected = (long)_options.Agents * _options.Bursts * _options.LinesPerBurst;
        var stored = CountStoredLines(ids);
        Console.WriteLine(
            $"  stored {stored:N0} of {expected:N0} lines in {elapsed.TotalSeconds:N1} s "
            + "(spawn to last agent completed)");
        return stored / elapsed.TotalSeconds;
    }

    public async Task<(double P50, double P99, double Max, int Count)> MeasureLiveLatencyAsync()
    {
        // Each reader connects right after its agent is spawned, before its emitter's first line (1 s later): spawning
        // all 50 first would count the seconds that takes as stream latency of the first agents' early lines.
        var ids = new List<string>();
        var latencies = new List<double>();
        using var cancel = new CancellationTokenSource();
        var readers = new List<Task>();
        for (var i = 0; i < _options.Agents; i++)
        {
            var id = (await SpawnAsync("bench-live", 1))[0];
            ids.Add(id);
            var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            readers.Add(Task.Run(() => ReadStreamAsync(id, latencies, connected, cancel.Token)));
            await connected.Task;
        }
        await WaitForAllStoppedAsync(Client, ids);
        await Task.Delay(500);
        await cancel.CancelAsync();
        await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        lock (latencies)
        {
            var sorted = latencies.Order().ToArray();
            if (sorted.Length == 0) return (0, 0, 0, 0);
            return (sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)], sorted[^1], sorted.Length);
        }
    }

    private async Task ReadStreamAsync(
        string id, List<double> latencies, TaskCompletionSource connected, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Client.GetAsync(
                $"/api/agents/{id}/output", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            connected.TrySetResult();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var content = JsonDocument.Parse(line[6..]).RootElement.GetProperty("content").GetString()!;
                var received = new List<double>();
                foreach (var jsonLine in content.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    using var doc = JsonDocument.Parse(jsonLine);
                    if (doc.RootElement.TryGetProperty("ts", out var ts)) received.Add(now - ts.GetInt64());
                }
                lock (latencies) latencies.AddRange(received);
            }
        }
        catch (OperationCanceledException) { }
        finally { connected.TrySetResult(); }
    }

    private async Task<List<string>> SpawnAsync(string provider, int? count = null)
    {
        var ids = new List<string>();
        for (var i = 0; i < (count ?? _options.Agents); i++)
        {
            var response = await Client.PostAsJsonAsync("/api/agents", new { prompt = "benchmark", provider });
            response.EnsureSuccessStatusCode();
            ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync())
                .RootElement.GetProperty("id").GetString()!);
        }
        return ids;
    }

    public static async Task WaitForAllStoppedAsync(HttpClient client, List<string> ids)
    {
        while (true)
        {
            var agents = await client.GetFromJsonAsync<JsonElement[]>("/api/agents");
            var statuses = agents!
                .Where(a => ids.Contains(a.GetProperty("id").GetString()!))
                .Select(a => a.GetProperty("status").GetString())
                .ToList();
            if (statuses.Count == ids.Count && statuses.All(s => s is "stopped" or "crashed")) return;
            await Task.Delay(50);
        }
    }

    private long CountStoredLines(List<string> ids)
    {
        using var connection =
            new SqliteConnection($"Data Source={_service.DatabasePath("agents")};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT COALESCE(SUM(length(Content) - length(replace(Content, char(10), ''))), 0) FROM agent_log_chunks "
            + $"WHERE AgentId IN ({string.Join(",", ids.Select(i => $"'{i}'"))})";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Admission by capacity against N memory-hungry agents spawned at once (<see cref="AdmissionMemory"/>).</summary>
    public Task<IReadOnlyList<AdmissionMemory.Run>> MeasureAdmissionAsync() =>
        new AdmissionMemory(Client, _service.ProcessId, _options).MeasureAsync();

    public long PeakMemoryMb()
    {
        var status = File.ReadAllLines($"/proc/{_service.ProcessId}/status")
            .First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }

    public ValueTask DisposeAsync() => _service?.DisposeAsync() ?? ValueTask.CompletedTask;
}
