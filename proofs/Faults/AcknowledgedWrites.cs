using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Codewalkers.Proofs.Faults;

/// <summary>
/// Writes a client keeps making while a fault happens: tasks (Planning) and webhooks (Collaboration), each through the
/// gateway with a name of its own, never retried by the client. Every one the system acknowledged (201) must be readable
/// afterwards, and none may exist twice; the ones it refused or left unanswered are only counted.
/// </summary>
public sealed class AcknowledgedWrites(RunningSystem system, Gateway gateway) : IAsyncDisposable
{
    private readonly ConcurrentBag<(string Kind, string Id)> _acknowledged = [];
    private readonly HttpClient _client = Gateway.Create(system, TimeSpan.FromSeconds(5));
    private string _initiative = "";
    private string _phase = "";
    private int _sequence;
    private CancellationTokenSource? _stop;
    private Task? _writer;

    public int Acknowledged => _acknowledged.Count;
    public int Refused { get; private set; }

    /// <summary>A scratch initiative and phase of its own for the tasks (never approved, so nothing runs them).</summary>
    public async Task PrepareAsync(string projectId)
    {
        _initiative = (await gateway.PostAsync("/api/initiatives",
            new { name = "Acknowledged writes", executionMode = "review_per_phase", projectIds = new[] { projectId } }))
            .Str("id");
        _phase = (await gateway.PostAsync("/api/phases", new { initiativeId = _initiative, name = "Writes" })).Str("id");
    }

    /// <summary>Starts writing, one request at a time, alternating services, until <see cref="StopAsync"/>.</summary>
    public void Start()
    {
        _stop = new CancellationTokenSource();
        var stop = _stop.Token;
        _writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await WriteOneAsync();
                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None);
    }

    public async Task StopAsync()
    {
        if (_stop is null || _writer is null) return;
        await _stop.CancelAsync();
        await _writer;
        _stop.Dispose();
        (_stop, _writer) = (null, null);
    }

    private async Task WriteOneAsync()
    {
        var n = Interlocked.Increment(ref _sequence);
        var (kind, path, body) = n % 2 == 0
            ? ("task", "/api/tasks", (object)new
            {
                initiativeId = _initiative, phaseId = _phase, name = $"write {n}", description = "acknowledged write",
            })
            : ("webhook", "/api/webhooks", new
            {
                url = "http://127.0.0.1:9/never", kinds = new[] { "errand.abandoned" }, description = $"write {n}",
            });
        try
        {
            using var response = await _client.PostAsJsonAsync(path, body);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                Refused++;
                return;
            }
            var created = await response.Content.ReadFromJsonAsync<JsonElement>();
            _acknowledged.Add((kind, created.Str("id")));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            Refused++;
        }
    }

    /// <summary>The acknowledged writes that cannot be read back, each named.</summary>
    public async Task<List<string>> MissingAsync()
    {
        List<string> missing = [];
        foreach (var (kind, id) in _acknowledged)
        {
            using var response = await _client.GetAsync(kind == "task" ? $"/api/tasks/{id}" : $"/api/webhooks/{id}");
            if (response.StatusCode != HttpStatusCode.OK) missing.Add($"{kind} {id}: {(int)response.StatusCode}");
        }
        return missing;
    }

    /// <summary>Names the services stored more than once (a request applied twice), read from their SQLite files.</summary>
    public List<string> Doubled()
    {
        var doubled = Query("planning", $"SELECT Name, COUNT(*) FROM tasks WHERE PhaseId = '{_phase}' GROUP BY Name HAVING COUNT(*) > 1");
        doubled.AddRange(Query("collaboration",
            "SELECT Description, COUNT(*) FROM webhooks GROUP BY Description HAVING COUNT(*) > 1"));
        return doubled;
    }

    private List<string> Query(string service, string sql)
    {
        using var connection = EventLedger.Open(system, service);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        List<string> rows = [];
        while (reader.Read()) rows.Add($"{service}: '{reader.GetString(0)}' x{reader.GetInt64(1)}");
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _client.Dispose();
    }
}
