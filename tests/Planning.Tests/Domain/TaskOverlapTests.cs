using Codewalkers.Planning.Domain;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Tests.Domain;

public sealed class TaskOverlapTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("src/a.cs", "src/a.cs", true)]
    [InlineData("src/", "src/a/b.cs", true)]
    [InlineData("src/a/b.cs", "src/", true)]
    [InlineData("src/", "src/", true)]
    [InlineData("src/a.cs", "src/b.cs", false)]
    [InlineData("src", "src/a.cs", false)] // "src" names a file: directories end with '/'
    [InlineData("src/a/", "src/ab.cs", false)]
    [InlineData("Src/a.cs", "src/a.cs", false)]
    public void Two_paths_overlap_when_equal_or_one_is_a_directory_holding_the_other(string a, string b, bool overlap)
        => Assert.Equal(overlap, TaskPaths.Overlap(a, b));

    [Fact]
    public void The_shared_paths_are_the_narrower_ones()
        => Assert.Equal(["src/a.cs", "docs/x.md"], TaskPaths.Between(["src/", "docs/x.md"], ["src/a.cs", "docs/"]));

    [Fact]
    public void A_bad_path_names_itself()
    {
        var ex = Assert.Throws<ValidationException>(() => TaskPaths.Validate("files", ["a.cs", "../b.cs"]));
        Assert.Contains("'../b.cs'", ex.Errors["files"].Single());
    }

    [Fact]
    public void Ready_tasks_overlapping_one_at_work_or_an_older_one_wait_in_queue_order_and_never_for_a_younger_one()
    {
        var (initiative, phase) = Plan();
        var running = Task(initiative, phase, "running", ["src/a.cs"]);
        var older = Task(initiative, phase, "older", ["src/b.cs"]);
        var younger = Task(initiative, phase, "younger", ["src/"]);
        var disjoint = Task(initiative, phase, "disjoint", ["docs/"]);
        var gate = new OverlapGate([new(running.Id, phase.Id, running.Files, false)]);

        // Queue order: older first. It overlaps nothing at work, so it goes; the younger waits for the running one
        // (found first) and, were that one gone, for the older.
        Assert.Null(gate.WaitFor(older));
        gate.Admit(older);
        var wait = gate.WaitFor(younger);
        Assert.Equal((running.Id, "src/a.cs"), (wait!.TaskId, string.Join(",", wait.Paths)));
        Assert.Null(gate.WaitFor(disjoint));

        var withoutRunning = new OverlapGate([]);
        withoutRunning.Admit(older);
        Assert.Equal(older.Id, withoutRunning.WaitFor(younger)!.TaskId);
    }

    [Fact]
    public void A_dependency_an_allowance_or_another_phase_lets_overlapping_tasks_through()
    {
        var (initiative, phase) = Plan();
        var other = Phase.Create(initiative, "Other", null, Now);
        var first = Task(initiative, phase, "first", ["a.cs"]);
        var dependent = PlanTask.Create(initiative, phase, null, "dependent", null, TaskCategory.Execute,
            TaskPriority.Medium, null, Now, [first], ["a.cs"]);
        var allowed = PlanTask.Create(initiative, phase, null, "allowed", null, TaskCategory.Execute,
            TaskPriority.Medium, null, Now, files: ["a.cs"], allowOverlap: true);
        var elsewhere = Task(initiative, other, "elsewhere", ["a.cs"]);
        var gate = new OverlapGate([new(first.Id, phase.Id, first.Files, false)]);

        Assert.Null(gate.WaitFor(dependent)); // it starts from the first's merge anyway
        Assert.Null(gate.WaitFor(allowed));
        Assert.Null(gate.WaitFor(elsewhere));
    }

    [Fact]
    public void Predicted_overlaps_say_how_dispatch_treats_each_pair()
    {
        var (initiative, phase) = Plan();
        var a = Task(initiative, phase, "a", ["a.cs"]);
        var b = PlanTask.Create(initiative, phase, null, "b", null, TaskCategory.Execute, TaskPriority.Medium, null,
            Now.AddSeconds(1), [a], ["a.cs"]);
        var c = PlanTask.Create(initiative, phase, null, "c", null, TaskCategory.Execute, TaskPriority.Medium, null,
            Now.AddSeconds(2), [b], ["a.cs", "c.cs"]);
        var d = PlanTask.Create(initiative, phase, null, "d", null, TaskCategory.Execute, TaskPriority.Medium, null,
            Now.AddSeconds(3), files: ["c.cs"]);

        var pairs = PredictedOverlaps.Of([a, b, c, d], new HashSet<string>(), new Dictionary<string, IReadOnlyList<string>>());

        Assert.Equal(
            [("a", "b", OverlapHandling.Ordered), ("a", "c", OverlapHandling.Ordered), ("b", "c", OverlapHandling.Ordered),
                ("c", "d", OverlapHandling.Waits)],
            pairs.Select(p => (p.First.Name, p.Second.Name, p.Handling)));

        var observed = PredictedOverlaps.Of([a, d], new HashSet<string>(),
            new Dictionary<string, IReadOnlyList<string>> { [a.Id] = ["c.cs"] });
        var real = Assert.Single(observed);
        Assert.Equal((true, "c.cs"), (real.Observed, string.Join(",", real.Paths)));
    }

    [Fact]
    public void A_conflicted_task_holds_its_files_until_the_task_resolving_it_is_merged()
    {
        var (initiative, phase) = Plan();
        var conflicted = Task(initiative, phase, "conflicted", ["a.cs"]);
        conflicted.Start(Now);
        conflicted.Complete("done", Now);
        var merge = Merge(conflicted, Now);
        Assert.Contains(conflicted.Id, TaskHolders.Unmerged([conflicted], [merge]));

        merge.Conflicted(["a.cs"], Now.AddSeconds(1));
        var resolve = PlanTask.Create(initiative, phase, null, "Resolve", null, TaskCategory.Merge, TaskPriority.High,
            null, Now.AddSeconds(1));
        Assert.Contains(conflicted.Id, TaskHolders.Unmerged([conflicted, resolve], [merge]));

        resolve.Start(Now);
        resolve.Complete("resolved", Now.AddSeconds(2));
        var resolveMerge = Merge(resolve, Now.AddSeconds(2));
        Assert.Contains(conflicted.Id, TaskHolders.Unmerged([conflicted, resolve], [merge, resolveMerge]));
        resolveMerge.Merged("0123", Now.AddSeconds(3));
        Assert.Empty(TaskHolders.Unmerged([conflicted, resolve], [merge, resolveMerge]));
    }

    private static MergeRequest Merge(PlanTask task, DateTimeOffset at) => MergeRequest.Create(
        Codewalkers.ServiceDefaults.Ids.New(), MergeKind.TaskIntoPhase, task.InitiativeId, task.PhaseId, task.Id, "p1",
        $"cw/x-task-{task.Id}", "cw/x-phase-build", at);

    private static (Initiative, Phase) Plan()
    {
        var initiative = Initiative.Create("Overlaps", "cw/overlaps", ExecutionMode.Yolo, false, Now);
        return (initiative, Phase.Create(initiative, "Build", null, Now));
    }

    private static PlanTask Task(Initiative initiative, Phase phase, string name, string[] files) =>
        PlanTask.Create(initiative, phase, null, name, null, TaskCategory.Execute, TaskPriority.Medium, null, Now,
            files: files);
}
