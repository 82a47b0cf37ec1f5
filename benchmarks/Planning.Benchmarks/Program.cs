using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using TaskStatus = Codewalkers.Planning.Domain.TaskStatus;

namespace Codewalkers.Planning.Benchmarks;

// Figures for the Planning service on this machine: the tree GET of a 50 x 40 plan with ~4,000 dependencies built
// through the API, and the ready-set computation over a 10,000-task / 30,000-edge graph. Not a test: it prints.
internal static class PlanningBenchmarks
{
    public static async Task Main()
    {
        const int Phases = 50, TasksPerPhase = 40, TreeSamples = 300, ReadySamples = 200;

        await using var service = new InProcessPlanning();
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", service.Token);

        var build = Stopwatch.StartNew();
        var initiative = await Post<InitiativeResponse>("/api/initiatives", new { name = "Benchmark plan" });
        var phaseIds = new List<string>();
        var taskIds = new List<List<string>>();
        var edges = 0;
        for (var p = 0; p < Phases; p++)
        {
            var dependsOn = p == 0 ? Array.Empty<string>() : [phaseIds[p - 1]];
            phaseIds.Add((await Post<PhaseResponse>(
                "/api/phases", new { initiativeId = initiative.Id, name = $"Phase {p}", dependsOn })).Id);
            var inPhase = new List<string>();
            for (var t = 0; t < TasksPerPhase; t++)
            {
                // Two predecessors in the phase,
                // and the first tasks of a phase wait for the last task of the previous one.
                var deps = new List<string>();
                if (t >= 1) deps.Add(inPhase[t - 1]);
                if (t >= 2) deps.Add(inPhase[t - 2]);
                if (p > 0 && t < 3) deps.Add(taskIds[p - 1][^1]);
                edges += deps.Count;
                inPhase.Add((await Post<TaskResponse>(
                    "/api/tasks", new { phaseId = phaseIds[p], name = $"Task {p}.{t}", dependsOn = deps })).Id);
            }
            taskIds.Add(inPhase);
        }
        build.Stop();
        Console.WriteLine(
            $"Built {Phases} phases x {TasksPerPhase} tasks = {Phases * TasksPerPhase} tasks, "
            + $"{edges} task dependencies, {Phases - 1} phase dependencies through the API "
            + $"in {build.Elapsed.TotalSeconds:F1} s "
            + $"({build.Elapsed.TotalMilliseconds / (Phases * (TasksPerPhase + 1)):F1} ms per create)");

        var treeUrl = $"/api/initiatives/{initiative.Id}/tree";
        var tree = (await client.GetFromJsonAsync<TreeApi.TreeResponse>(treeUrl))!;
        if (tree.Tasks.Count != Phases * TasksPerPhase || tree.TaskDependencies.Count != edges)
            throw new InvalidOperationException(
                $"The tree has {tree.Tasks.Count} tasks and {tree.TaskDependencies.Count} dependencies; "
                + $"expected {Phases * TasksPerPhase} and {edges}.");
        var treeTimes = await Measure(TreeSamples, () => GetAsync(treeUrl));
        Report(
            $"GET /api/initiatives/{{id}}/tree ({tree.Tasks.Count} tasks, {tree.TaskDependencies.Count} edges), "
            + "repeated reads (served from the tree cache)",
            treeTimes,
            target: 50);

        // Every read after a write: the write marked its task on the cached tree, so the read re-reads only that row
        // (and its edges).
        var someTask = taskIds[Phases / 2][TasksPerPhase / 2];
        var coldTimes = new List<double>();
        for (var i = 0; i < TreeSamples + 10; i++) // as many as the cached reads, so p99 is not just the worst one
        {
            using (var patch = await client.SendAsync(
                new HttpRequestMessage(HttpMethod.Patch, $"/api/tasks/{someTask}")
                {
                    Content = JsonContent.Create(new { order = i % 100 })
                }))
            {
                patch.EnsureSuccessStatusCode();
            }
            var watch = Stopwatch.StartNew();
            await GetAsync(treeUrl);
            if (i >= 10) coldTimes.Add(watch.Elapsed.TotalMilliseconds); // the first ones warm up the query path
        }
        coldTimes.Sort();
        Report(
            "GET /api/initiatives/{id}/tree right after a write (only the written rows read again)",
            [.. coldTimes],
            target: 50);

        // With no cached tree at all (first read after a start, or after a delete):
        // every query and every row serialized.
        var cache = service.Services.GetRequiredService<TreeCache>();
        Report(
            "GET /api/initiatives/{id}/tree with nothing cached (all queries + JSON)",
            await Measure(TreeSamples, () => { cache.Clear(); return GetAsync(treeUrl); }),
            target: 50);

        var readyUrl = $"/api/initiatives/{initiative.Id}/ready-tasks";
        Report(
            "GET /api/initiatives/{id}/ready-tasks (same plan)",
            await Measure(100, async () => (await client.GetAsync(readyUrl)).EnsureSuccessStatusCode()),
            target: null);

        // Ready set over a synthetic 10,000-task DAG: each task depends on 3 earlier ones;
        // the oldest 30% are completed.
        var random = new Random(42);
        var nodes = new List<ReadyTasks.Node>(10_000);
        var graph = new List<(string, string)>(30_000);
        var start = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < 10_000; i++)
        {
            var status = i < 3_000 ? TaskStatus.Completed : TaskStatus.Pending;
            nodes.Add(new ReadyTasks.Node(
                $"task-{i:D5}", status, TaskCategory.Execute, (TaskPriority)(i % 3), start.AddSeconds(i)));
            for (var d = 0; d < 3 && i > 0; d++)
                graph.Add(($"task-{i:D5}", $"task-{random.Next(Math.Max(0, i - 4_000), i):D5}"));
        }
        var readyCount = ReadyTasks.Compute(nodes, graph).Count;
        Report($"ReadyTasks.Compute ({nodes.Count} tasks, {graph.Count} edges, {readyCount} ready)",
            await Measure(ReadySamples, () => { ReadyTasks.Compute(nodes, graph); return Task.CompletedTask; }),
            target: 10);

        async Task GetAsync(string url)
        {
            using var response = await client.GetAsync(url);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }

        async Task<T> Post<T>(string url, object body)
        {
            using var response = await client.PostAsJsonAsync(url, body);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            return (await response.Content.ReadFromJsonAsync<T>())!;
        }

        static async Task<double[]> Measure(int samples, Func<Task> action)
        {
            // warm up: JIT, query plans, connection pool
            for (var i = 0; i < Math.Min(20, samples); i++) await action();
            var times = new double[samples];
            for (var i = 0; i < samples; i++)
            {
                var watch = Stopwatch.StartNew();
                await action();
                times[i] = watch.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            return times;
        }

        static void Report(string what, double[] sorted, double? target)
        {
            double Percentile(double p) =>
                sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            var verdict = target is null ? ""
                : Percentile(0.99) < target ? $"  (target p99 < {target} ms: met)"
                : $"  (target p99 < {target} ms: MISSED)";
            Console.WriteLine(
                $"{what}\n    n={sorted.Length}  p50={Percentile(0.50):F2} ms  "
                + $"p99={Percentile(0.99):F2} ms  max={sorted[^1]:F2} ms{verdict}");
        }
    }
}
