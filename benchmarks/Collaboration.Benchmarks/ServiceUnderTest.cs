using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Benchmarks;
using Microsoft.Data.Sqlite;

namespace Codewalkers.Collaboration.Benchmarks;

internal sealed record Percentiles(double P50, double P99, double Max, int Count)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0
            ? new Percentiles(0, 0, 0, 0)
            : new Percentiles(sorted[sorted.Length / 2],
                sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))], sorted[^1], sorted.Length);
    }
}

internal sealed record FanOut(int Asked, int Delivered, int Duplicates, int Misrouted, int Lost, TimeSpan Elapsed,
    Percentiles Latency);

/// <summary>
/// The Collaboration service as a real process with its own CW_HOME and no broker (nothing here needs one). Its agent
/// read model is filled straight into its database once it has migrated it, as the Agents service's events would.
/// Everything else goes through its HTTP API with the API token, as `cw ask | listen | answer` do.
/// </summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    private const string Asker = "benchasker00000000000";
    private readonly BenchmarkOptions _options;
    private ServiceProcess _service = null!;

    private HttpClient Client => _service.Client;

    private ServiceUnderTest(BenchmarkOptions options) => _options = options;

    private static string Listener(int i) => $"benchlisten{i:D10}";

    private const string Answerer = "benchanswer0000000000";

    public static async Task<ServiceUnderTest> StartAsync(BenchmarkOptions options)
    {
        var service = new ServiceUnderTest(options);
        await service.StartProcessAsync();
        service.SeedAgents();
        return service;
    }

    private async Task StartProcessAsync() =>
        _service = await ServiceProcess.StartAsync(
            "Collaboration", handler: new SocketsHttpHandler { MaxConnectionsPerServer = 200 });

    /// <summary>The asker, the answerer and the listeners, all running (so no question resumes anyone).</summary>
    private void SeedAgents()
    {
        using var connection = new SqliteConnection($"Data Source={_service.DatabasePath("collaboration")}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var ids = new[] { Asker, Answerer }.Concat(Enumerable.Range(0, _options.Listeners).Select(Listener));
        foreach (var id in ids)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText =
                "INSERT INTO agent_views (AgentId, Name, Status, Mode, InitiativeId, Version, IsDeleted, UpdatedAt) "
                + "VALUES ($id, $id, 'running', 'execute', 'bench', 1, 0, $at)";
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>The fastest a client can learn an answer it knew was coming: the answer POST, then one GET.</summary>
    public async Task<Percentiles> MeasureBaselineAsync()
    {
        var latencies = new List<double>();
        for (var i = 0; i < _options.Conversations; i++)
        {
            var id = await AskAsync(Answerer, $"baseline {i}?");
            var watch = Stopwatch.StartNew();
            await AnswerAsync(id);
            (await Client.GetAsync($"/api/conversations/{id}")).EnsureSuccessStatusCode();
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }
        return Percentiles.Of(latencies);
    }

    /// <summary>
    /// What `cw ask` waits for: the asker's GET ?waitSeconds= is held by the service; the time from the moment the
    /// answer POST is sent until that GET returns with the answer.
    /// </summary>
    public async Task<Percentiles> MeasureAnswerLatencyAsync()
    {
        var latencies = new List<double>();
        for (var i = 0; i < _options.Conversations; i++)
        {
            var id = await AskAsync(Answerer, $"latency {i}?");
            var waiting = Client.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}?waitSeconds=30");
            await Task.Delay(20); // the waiting read is held by the service before the answer comes
            var watch = Stopwatch.StartNew();
            await AnswerAsync(id);
            var seen = await waiting;
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            if (seen.GetProperty("status").GetString() != "answered")
                throw new InvalidOperationException($"conversation {id} came back {seen}");
        }
        return Percentiles.Of(latencies);
    }

    /// <summary>
    /// <see cref="BenchmarkOptions.Pending"/> questions to <see cref="BenchmarkOptions.Listeners"/> agents, each
    /// listening on its stream (GET /api/conversations/stream): half asked before the streams open (the catch-up),
    /// half while they listen (live). Each must reach its own listener exactly once.
    /// </summary>
    public async Task<FanOut> MeasureFanOutAsync()
    {
        var expected = new ConcurrentDictionary<string, int>();
        var askedAt = new ConcurrentDictionary<string, long>();
        var before = _options.Pending / 2;
        for (var i = 0; i < before; i++)
            expected[await AskAsync(Listener(i % _options.Listeners), $"fan-out {i}?")] = i % _options.Listeners;

        var received = Enumerable.Range(0, _options.Listeners).Select(_ => new ConcurrentQueue<(string, long)>())
            .ToArray();
        using var stop = new CancellationTokenSource();
        var listening = Enumerable.Range(0, _options.Listeners)
            .Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var watch = Stopwatch.StartNew();
        var readers = Enumerable.Range(0, _options.Listeners)
            .Select(l => Task.Run(() => ListenAsync(l, received[l], listening[l], stop.Token))).ToArray();
        await Task.WhenAll(listening.Select(l => l.Task));

        for (var i = before; i < _options.Pending; i++)
        {
            var id = await AskAsync(Listener(i % _options.Listeners), $"fan-out {i}?");
            askedAt[id] = Stopwatch.GetTimestamp();
            expected[id] = i % _options.Listeners;
        }
        var deadline = Stopwatch.StartNew();
        while (received.Sum(r => r.Count) < _options.Pending && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(10);
        var elapsed = watch.Elapsed;
        await Task.Delay(1500); // anything sent twice would come now
        await stop.CancelAsync();
        await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));

        var all = received.SelectMany((queue, listener) => queue.Select(r => (Id: r.Item1, At: r.Item2, listener)))
            .ToList();
        var distinct = all.Select(r => r.Id).Distinct().ToHashSet();
        var latencies = all.Where(r => askedAt.ContainsKey(r.Id))
            .Select(r => Math.Max(0, Stopwatch.GetElapsedTime(askedAt[r.Id], r.At).TotalMilliseconds));
        return new FanOut(
            _options.Pending, distinct.Count, all.Count - distinct.Count,
            all.Count(r => !expected.TryGetValue(r.Id, out var owner) || owner != r.listener),
            expected.Keys.Count(id => !distinct.Contains(id)), elapsed, Percentiles.Of(latencies));
    }

    private async Task ListenAsync(
        int listener, ConcurrentQueue<(string, long)> received, TaskCompletionSource listening,
        CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Client.GetAsync($"/api/conversations/stream?toAgentId={Listener(listener)}",
                HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            string? id = null, kind = null;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) kind = line[7..];
                else if (line.Length == 0)
                {
                    if (kind == "conversation" && id is not null) received.Enqueue((id, Stopwatch.GetTimestamp()));
                    if (kind == "listening") listening.TrySetResult();
                    (id, kind) = (null, null);
                }
            }
        }
        catch (OperationCanceledException) { }
        finally { listening.TrySetResult(); }
    }

    private async Task<string> AskAsync(string to, string question)
    {
        var response = await Client.PostAsJsonAsync("/api/conversations",
            new { question, toAgentId = to, fromAgentId = Asker });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task AnswerAsync(string id) =>
        (await Client.PostAsJsonAsync($"/api/conversations/{id}/answer", new { answer = "42" }))
        .EnsureSuccessStatusCode();

    public ValueTask DisposeAsync() => _service?.DisposeAsync() ?? ValueTask.CompletedTask;
}
