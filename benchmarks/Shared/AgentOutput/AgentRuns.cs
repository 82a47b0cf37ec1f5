using System.Data.Common;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Codewalkers.Benchmarks;

/// <summary>
/// Runs <see cref="BenchProviders"/> agents through the Agents API (directly or through the gateway: the client
/// decides) and measures what a user of their output notices: how fast their lines are stored (ingestion) and how
/// long a line takes from the agent's write to an SSE reader of <c>GET /api/agents/{id}/output</c> (live latency).
/// Shared by the Agents benchmark and the perf proof.
/// </summary>
/// <param name="client">With the API token; no timeout (streams are held open).</param>
/// <param name="openDatabase">Opens the Agents service's database (SQLite or PostgreSQL), where stored lines are counted.</param>
internal sealed class AgentRuns(HttpClient client, Func<DbConnection> openDatabase)
{
    /// <param name="client">With the API token; no timeout (streams are held open).</param>
    /// <param name="sqliteFile">The Agents service's SQLite file.</param>
    public AgentRuns(HttpClient client, string sqliteFile)
        : this(client, () => new SqliteConnection($"Data Source={sqliteFile};Mode=ReadOnly;Pooling=false"))
    {
    }

    /// <summary>
    /// <paramref name="agents"/> <c>bench</c> agents each dump <paramref name="linesPerAgent"/> lines at once; lines
    /// stored per second from the first spawn to the last agent stopped. <c>Spawning</c>: how much of that the spawn
    /// requests took (sent one after the other, as a user or Planning would).
    /// </summary>
    public async Task<(double LinesPerSecond, long Stored, long Expected, TimeSpan Elapsed, TimeSpan Spawning)>
        MeasureIngestAsync(int agents, int linesPerAgent)
    {
        var watch = Stopwatch.StartNew();
        var ids = await SpawnAsync("bench", agents);
        var spawning = watch.Elapsed;
        await WaitForAllStoppedAsync(client, ids);
        var elapsed = watch.Elapsed;
        var stored = CountStoredLines(ids);
        return (stored / elapsed.TotalSeconds, stored, (long)agents * linesPerAgent, elapsed, spawning);
    }

    /// <summary>
    /// <paramref name="agents"/> <c>bench-live</c> agents, one SSE reader each; per line: receive time minus the
    /// time stamped in it (milliseconds).
    /// </summary>
    public async Task<List<double>> MeasureLiveLatencyAsync(int agents)
    {
        // Each reader connects right after its agent is spawned, before its emitter's first line (1 s later): spawning
        // all first would count the seconds that takes as stream latency of the first agents' early lines.
        var ids = new List<string>();
        var latencies = new List<double>();
        using var cancel = new CancellationTokenSource();
        var readers = new List<Task>();
        for (var i = 0; i < agents; i++)
        {
            var id = (await SpawnAsync("bench-live", 1))[0];
            ids.Add(id);
            var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            readers.Add(Task.Run(() => ReadStreamAsync(id, latencies, connected, cancel.Token)));
            await connected.Task;
        }
        await WaitForAllStoppedAsync(client, ids);
        await Task.Delay(500);
        await cancel.CancelAsync();
        await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        lock (latencies) return [.. latencies];
    }

    private async Task ReadStreamAsync(
        string id, List<double> latencies, TaskCompletionSource connected, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(
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

    /// <summary>Spawns <paramref name="count"/> agents of <paramref name="provider"/> one after the other.</summary>
    public async Task<List<string>> SpawnAsync(string provider, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/agents", new { prompt = "benchmark", provider });
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"POST /api/agents ({provider}) answered {(int)response.StatusCode}: "
                    + await response.Content.ReadAsStringAsync());
            }
            ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync())
                .RootElement.GetProperty("id").GetString()!);
        }
        return ids;
    }

    /// <summary>The agents' statuses by id, as <c>GET /api/agents</c> lists them.</summary>
    public static async Task<Dictionary<string, string>> StatusesAsync(
        HttpClient client, IReadOnlyCollection<string> ids)
    {
        var agents = await client.GetFromJsonAsync<JsonElement[]>("/api/agents");
        return agents!
            .Where(a => ids.Contains(a.GetProperty("id").GetString()!))
            .ToDictionary(a => a.GetProperty("id").GetString()!, a => a.GetProperty("status").GetString()!);
    }

    public static async Task WaitForAllStoppedAsync(HttpClient client, List<string> ids)
    {
        while (true)
        {
            var statuses = await StatusesAsync(client, ids);
            if (statuses.Count == ids.Count && statuses.Values.All(s => s is "stopped" or "crashed")) return;
            await Task.Delay(50);
        }
    }

    private long CountStoredLines(List<string> ids)
    {
        using var connection = openDatabase();
        connection.Open();
        using var command = connection.CreateCommand();
        // Quoted names and the newline as a parameter: one statement for SQLite and PostgreSQL.
        command.CommandText =
            "SELECT COALESCE(SUM(length(\"Content\") - length(replace(\"Content\", @newline, ''))), 0) "
            + "FROM agent_log_chunks "
            + $"WHERE \"AgentId\" IN ({string.Join(",", ids.Select(i => $"'{i}'"))})";
        var newline = command.CreateParameter();
        newline.ParameterName = "newline";
        newline.Value = "\n";
        command.Parameters.Add(newline);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
