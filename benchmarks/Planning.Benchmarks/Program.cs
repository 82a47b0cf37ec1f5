using System.Diagnostics;
using System.Net.Http.Headers;
using Codewalkers.Benchmarks;
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
        var plan = await TreePlan.BuildAsync(client, Phases, TasksPerPhase);
        build.Stop();
        Console.WriteLine(
            $"Built {Phases} phases x {TasksPerPhase} tasks = {plan.Tasks} tasks, "
            + $"{plan.Edges} task dependencies, {Phases - 1} phase dependencies through the API "
            + $"in {build.Elapsed.TotalSeconds:F1} s "
            + $"({build.Elapsed.TotalMilliseconds / (Phases * (TasksPerPhase + 1)):F1} ms per create)");

        Report(
            $"GET /api/initiatives/{{id}}/tree ({plan.Tasks} tasks, {plan.Edges} edges), "
            + "repeated reads (served from the tree cache)",
            await plan.CachedReadsAsync(TreeSamples),
            target: 50);
        Report(
            "GET /api/initiatives/{id}/tree right after a write (only the written rows read again)",
            await plan.ReadsAfterWriteAsync(TreeSamples),
            target: 50);
        // With no cached tree at all (first read after a start, or after a delete):
        // every query and every row serialized.
        var cache = service.Services.GetRequiredService<TreeCache>();
        Report(
            "GET /api/initiatives/{id}/tree with nothing cached (all queries + JSON)",
            await TreePlan.MeasureAsync(TreeSamples, () => GetAsync(plan.TreeUrl), before: () =>
            {
                cache.Clear();
                return Task.CompletedTask;
            }),
            target: 50);

        var readyUrl = $"/api/initiatives/{plan.InitiativeId}/ready-tasks";
        Report(
            "GET /api/initiatives/{id}/ready-tasks (same plan)",
            await TreePlan.MeasureAsync(100, async () => (await client.GetAsync(readyUrl)).EnsureSuccessStatusCode()),
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
            await TreePlan.MeasureAsync(
                ReadySamples, () => { ReadyTasks.Compute(nodes, graph); return Task.CompletedTask; }),
            target: 10);

        async Task GetAsync(string url)
        {
            using var response = await client.GetAsync(url);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }

        static void Report(string what, List<double> times, double? target)
        {
            var figures = Latencies.Of(times);
            var verdict = target is null ? ""
                : figures.P99 < target ? $"  (target p99 < {target} ms: met)"
                : $"  (target p99 < {target} ms: MISSED)";
            Console.WriteLine(
                $"{what}\n    n={figures.Count}  p50={figures.P50:F2} ms  "
                + $"p99={figures.P99:F2} ms  max={figures.Max:F2} ms{verdict}");
        }
    }
}
