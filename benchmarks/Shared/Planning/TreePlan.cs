using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Codewalkers.Benchmarks;

/// <summary>
/// A big plan made through the Planning API as an architect would (phases in a chain, each task depending on the two
/// before it in its phase, the first three of a phase on the last task of the phase before), and the ways its tree is
/// read: from the tree cache, right after a write, and with nothing cached. Shared by the Planning benchmark (the
/// service in-process) and the perf proof (the whole system, through the gateway): the same plan, the same reads.
/// </summary>
internal sealed class TreePlan
{
    private readonly HttpClient _client;

    private TreePlan(
        HttpClient client, string initiativeId, List<string> phaseIds, List<List<string>> taskIds, int edges)
    {
        _client = client;
        InitiativeId = initiativeId;
        PhaseIds = phaseIds;
        TaskIds = taskIds;
        Edges = edges;
    }

    public string InitiativeId { get; }
    public IReadOnlyList<string> PhaseIds { get; }
    public IReadOnlyList<List<string>> TaskIds { get; }
    public int Edges { get; }
    public int Tasks => TaskIds.Sum(phase => phase.Count);
    public string TreeUrl => $"/api/initiatives/{InitiativeId}/tree";

    /// <summary>Makes the plan: <paramref name="phases"/> x <paramref name="tasksPerPhase"/> tasks.</summary>
    public static async Task<TreePlan> BuildAsync(HttpClient client, int phases, int tasksPerPhase)
    {
        var initiativeId = await PostAsync(client, "/api/initiatives", new { name = "Benchmark plan" });
        var phaseIds = new List<string>();
        var taskIds = new List<List<string>>();
        var edges = 0;
        for (var p = 0; p < phases; p++)
        {
            var dependsOn = p == 0 ? Array.Empty<string>() : [phaseIds[p - 1]];
            phaseIds.Add(await PostAsync(client, "/api/phases", new { initiativeId, name = $"Phase {p}", dependsOn }));
            var inPhase = new List<string>();
            for (var t = 0; t < tasksPerPhase; t++)
            {
                var deps = new List<string>();
                if (t >= 1) deps.Add(inPhase[t - 1]);
                if (t >= 2) deps.Add(inPhase[t - 2]);
                if (p > 0 && t < 3) deps.Add(taskIds[p - 1][^1]);
                edges += deps.Count;
                inPhase.Add(await PostAsync(
                    client, "/api/tasks", new { phaseId = phaseIds[p], name = $"Task {p}.{t}", dependsOn = deps }));
            }
            taskIds.Add(inPhase);
        }
        var plan = new TreePlan(client, initiativeId, phaseIds, taskIds, edges);
        await plan.CheckTreeAsync();
        return plan;
    }

    /// <summary>The tree read again and again: served from the tree cache.</summary>
    public Task<List<double>> CachedReadsAsync(int samples) => MeasureAsync(samples, GetTreeAsync);

    /// <summary>
    /// Every read right after a write (a task's order patched): the write marked its row on the cached tree, so the
    /// read re-reads only that row and its edges.
    /// </summary>
    public Task<List<double>> ReadsAfterWriteAsync(int samples)
    {
        var someTask = TaskIds[TaskIds.Count / 2][TaskIds[0].Count / 2];
        var order = 0;
        return MeasureAsync(samples, GetTreeAsync, before: async () =>
        {
            using var patch = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/tasks/{someTask}")
            {
                Content = JsonContent.Create(new { order = order++ % 100 }),
            });
            patch.EnsureSuccessStatusCode();
        });
    }

    /// <summary>
    /// Every read with nothing cached: a task is added to the last phase and deleted again before each read, and a
    /// delete drops the cached tree (as after a start), so the read runs every query and serializes every row.
    /// </summary>
    public Task<List<double>> UncachedReadsAsync(int samples) =>
        MeasureAsync(samples, GetTreeAsync, before: async () =>
        {
            var id = await PostAsync(_client, "/api/tasks", new { phaseId = PhaseIds[^1], name = "Scratch" });
            using var delete = await _client.DeleteAsync($"/api/tasks/{id}");
            delete.EnsureSuccessStatusCode();
        });

    /// <summary>
    /// Times <paramref name="read"/> only (milliseconds), <paramref name="before"/> untimed before each; the first
    /// 10 of each kind warm up (JIT, query plans, connections) and are not counted.
    /// </summary>
    public static async Task<List<double>> MeasureAsync(int samples, Func<Task> read, Func<Task>? before = null)
    {
        var times = new List<double>(samples);
        for (var i = 0; i < samples + 10; i++)
        {
            if (before is not null) await before();
            var watch = Stopwatch.StartNew();
            await read();
            if (i >= 10) times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private async Task GetTreeAsync()
    {
        using var response = await _client.GetAsync(TreeUrl);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    private async Task CheckTreeAsync()
    {
        var tree = await _client.GetFromJsonAsync<JsonElement>(TreeUrl);
        var (tasks, edges) =
            (tree.GetProperty("tasks").GetArrayLength(), tree.GetProperty("taskDependencies").GetArrayLength());
        if (tasks != Tasks || edges != Edges)
        {
            throw new InvalidOperationException(
                $"The tree has {tasks} tasks and {edges} dependencies; expected {Tasks} and {Edges}.");
        }
    }

    private static async Task<string> PostAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
