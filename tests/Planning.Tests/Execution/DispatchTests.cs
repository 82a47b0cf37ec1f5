using System.Net;
using System.Net.Http.Json;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Execution;

/// <summary>
/// Dispatch and its reactions, with the tests playing the Agents service on the bus: which agents start when, what
/// is merged where, and how phases and the initiative move on.
/// </summary>
public sealed class DispatchTests(ExecutionFactory factory) : IClassFixture<ExecutionFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();
    private readonly FakeAgents _agents = new(factory);

    [Fact]
    public async Task Dependent_tasks_run_in_order_merge_into_the_phase_then_the_phase_into_the_initiative_and_approval_merges_and_pushes()
    {
        var (initiative, project) = await InitiativeAsync("yolo");
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Build");
        var first = await _client.CreateTaskAsync(phase.Id, "First");
        var second = await _client.CreateTaskAsync(phase.Id, "Second", [first.Id]);
        await ApproveAsync(phase.Id);

        var execution = await _client.PostOkAsync<ExecutionApi.ExecutionResponse>(
            $"/api/initiatives/{initiative.Id}/execute", null, HttpStatusCode.Accepted);
        Assert.Null(execution.IntegrationPhaseId);

        var spawn = (await _agents.AwaitSpawnsAsync(first.Id)).Single();
        var phaseBranch = $"{initiative.Branch}-phase-build";
        var work = Assert.Single(spawn.Projects);
        Assert.Equal(
            (project, $"{initiative.Branch}-task-{first.Id}", phaseBranch),
            (work.ProjectId, work.Branch, work.BaseBranch));
        Assert.Equal(
            [(initiative.Branch, "main"), (phaseBranch, initiative.Branch)],
            work.EnsureBranches.Select(b => (b.Name, b.From)));
        Assert.Contains(first.Id, spawn.Prompt);
        Assert.Empty(_agents.SpawnsFor(second.Id)); // waits for its dependency
        Assert.Equal("in_progress", (await TaskAsync(first.Id)).Status);

        await _agents.CompleteAsync(spawn, summary: "Built the first part");
        var merge = (await _agents.AwaitMergesAsync(
            m => m.SourceBranch == work.Branch, "first task merged into the phase")).Single();
        Assert.Equal((phaseBranch, false), (merge.TargetBranch, merge.PushTarget));
        var done = await TaskAsync(first.Id);
        Assert.Equal(("completed", "Built the first part"), (done.Status, done.Summary));

        // The dependent starts once its dependency is completed, handed the dependency's summary; its spawn names the
        // dependency's merge into the phase branch, still under way, which the Agents service lets land first.
        var next = (await _agents.AwaitSpawnsAsync(second.Id)).Single();
        Assert.Contains(
            "Built the first part", next.Prompt + string.Join("\n", next.InputFiles.Select(f => f.Content)));
        Assert.Equal([merge.RequestId], next.AfterMerges ?? []);
        await _agents.MergedAsync(merge);
        await _agents.CompleteAsync(next);
        await _agents.MergedAsync((await _agents.AwaitMergesAsync(
            m => m.SourceBranch == next.Projects[0].Branch, "second task merged")).Single());

        var phaseMerge = (await _agents.AwaitMergesAsync(
            m => m.SourceBranch == phaseBranch, "phase merged into the initiative")).Single();
        Assert.Equal(initiative.Branch, phaseMerge.TargetBranch);
        await _agents.MergedAsync(phaseMerge, mergeBase: "aaaabbbbccccddddeeeeffff0000111122223333");
        var completed = await Eventually.ValueAsync(
            () => PhaseAsync(phase.Id), p => p.Status == "completed", "phase completed");
        Assert.Equal(
            ("aaaabbbbccccddddeeeeffff0000111122223333", phaseBranch), (completed.MergeBase, completed.Branch));
        await Eventually.ValueAsync(
            () => InitiativeStatusAsync(initiative.Id), s => s == "pending_review", "initiative pending review");

        var asked = await _client.PostOkAsync<List<ExecutionApi.MergeResponse>>(
            $"/api/initiatives/{initiative.Id}/approve", null, HttpStatusCode.Accepted);
        Assert.Equal(
            ("initiative_into_default", initiative.Branch, "main"),
            (asked.Single().Kind, asked.Single().SourceBranch, asked.Single().TargetBranch));
        var final = (await _agents.AwaitMergesAsync(
            m => m.SourceBranch == initiative.Branch && m.TargetBranch == "main",
            "initiative merged into main")).Single();
        Assert.True(final.PushTarget);
        var again = await _client.PostAsJsonAsync($"/api/initiatives/{initiative.Id}/approve", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode); // already merging
        await _agents.MergedAsync(final);
        await Eventually.ValueAsync(
            () => InitiativeStatusAsync(initiative.Id), s => s == "completed", "initiative completed");
    }

    [Fact]
    public async Task A_crashed_task_is_retried_by_a_new_agent_three_times_then_blocked_for_a_human()
    {
        var (initiative, _) = await InitiativeAsync("yolo");
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var task = await _client.CreateTaskAsync(phase.Id, "Fragile");
        await ApproveAsync(phase.Id);
        await ExecuteAsync(initiative.Id);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var spawns = await _agents.AwaitSpawnsAsync(task.Id, attempt);
            await _agents.CrashAsync(spawns[attempt - 1]);
            if (attempt < 4)
                await Eventually.ValueAsync(() => TaskAsync(task.Id), t => t.RetryCount == attempt, $"retry {attempt}");
        }

        var blocked = await Eventually.ValueAsync(
            () => TaskAsync(task.Id), t => t.Status == "blocked", "blocked after three retries");
        Assert.Contains("process_crash", blocked.BlockedReason);
        Assert.Equal(4, _agents.SpawnsFor(task.Id).Count);

        // A human retries it: a fresh budget and a new agent.
        await _client.PostOkAsync<TaskResponse>($"/api/tasks/{task.Id}/retry", null);
        await _agents.AwaitSpawnsAsync(task.Id, 5);
    }

    [Fact]
    public async Task In_review_mode_a_finished_phase_waits_for_review_changes_requested_run_as_a_review_task_and_approval_merges_it()
    {
        var (initiative, _) = await InitiativeAsync("review_per_phase");
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Api");
        var task = await _client.CreateTaskAsync(phase.Id, "Endpoint");
        await ApproveAsync(phase.Id);
        await ExecuteAsync(initiative.Id);
        await FinishAsync(task.Id);
        await Eventually.ValueAsync(
            () => PhaseAsync(phase.Id), p => p.Status == "pending_review", "phase pending review");
        Assert.Empty(_agents.Merges(m => m.SourceBranch == $"{initiative.Branch}-phase-api")); // held, not merged

        var missing = await _client.PostAsJsonAsync(
            $"/api/phases/{phase.Id}/review/request-changes", new { feedback = " " });
        await missing.AssertValidationProblemAsync("feedback");
        var review = await _client.PostOkAsync<TaskResponse>(
            $"/api/phases/{phase.Id}/review/request-changes", new { feedback = "Validate the input." });
        Assert.Equal(("review", "high", phase.Id), (review.Category, review.Priority, review.PhaseId));
        Assert.Contains("Validate the input.", review.Description);
        Assert.Equal("in_progress", (await PhaseAsync(phase.Id)).Status);
        await FinishAsync(review.Id);
        await Eventually.ValueAsync(
            () => PhaseAsync(phase.Id), p => p.Status == "pending_review", "phase back in review");

        await _client.PostOkAsync<ExecutionApi.PhaseResponseWithMerges>($"/api/phases/{phase.Id}/review/approve", null);
        await _agents.MergedAsync((await _agents.AwaitMergesAsync(
            m => m.SourceBranch == $"{initiative.Branch}-phase-api", "approved phase merged")).Single());
        await Eventually.ValueAsync(() => PhaseAsync(phase.Id), p => p.Status == "completed", "phase completed");
        await Eventually.ValueAsync(
            () => InitiativeStatusAsync(initiative.Id), s => s == "pending_review", "initiative pending review");
    }

    [Fact]
    public async Task A_merge_conflict_becomes_a_high_priority_merge_task_whose_agent_brings_the_branch_in()
    {
        var (initiative, _) = await InitiativeAsync("yolo");
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Clash");
        var task = await _client.CreateTaskAsync(phase.Id, "Edit shared file");
        await ApproveAsync(phase.Id);
        await ExecuteAsync(initiative.Id);
        var spawn = (await _agents.AwaitSpawnsAsync(task.Id)).Single();
        await _agents.CompleteAsync(spawn);
        var merge = (await _agents.AwaitMergesAsync(
            m => m.SourceBranch == spawn.Projects[0].Branch, "task merge")).Single();

        await _agents.ConflictedAsync(merge, "src/shared.cs");

        var tree = await Eventually.ValueAsync(
            () => _client.GetOkAsync<TreeApi.TreeResponse>($"/api/initiatives/{initiative.Id}/tree"),
            t => t.Tasks.Any(x => x.Category == "merge"), "a merge task");
        var resolve = tree.Tasks.Single(x => x.Category == "merge");
        Assert.Equal(("high", phase.Id), (resolve.Priority, resolve.PhaseId));
        var resolveSpawn = (await _agents.AwaitSpawnsAsync(resolve.Id)).Single();
        Assert.Contains(merge.SourceBranch, resolveSpawn.Prompt);
        Assert.Contains("src/shared.cs", resolveSpawn.Prompt);
        var merges = await _client.GetOkAsync<List<ExecutionApi.MergeResponse>>(
            $"/api/initiatives/{initiative.Id}/merges");
        Assert.Contains(merges, m => m.Status == "conflicted" && m.Error!.Contains("src/shared.cs"));
        // not merged into the initiative with the conflict open
        Assert.Equal("in_progress", (await PhaseAsync(phase.Id)).Status);
    }

    [Fact]
    public async Task A_conflict_over_hundreds_of_files_is_recorded_and_resolved_like_any_other()
    {
        var (initiative, _) = await InitiativeAsync("yolo");
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Wide clash");
        var task = await _client.CreateTaskAsync(phase.Id, "Rename everything");
        await ApproveAsync(phase.Id);
        await ExecuteAsync(initiative.Id);
        var spawn = (await _agents.AwaitSpawnsAsync(task.Id)).Single();
        await _agents.CompleteAsync(spawn);
        var merge = (await _agents.AwaitMergesAsync(
            m => m.SourceBranch == spawn.Projects[0].Branch, "task merge")).Single();

        // git names every conflicted file: far more text than the merge's error column holds.
        var files = Enumerable.Range(1, 400).Select(i => $"src/generated/module-{i:000}/renamed-everywhere.cs").ToArray();
        await _agents.ConflictedAsync(merge, files);

        var tree = await Eventually.ValueAsync(
            () => _client.GetOkAsync<TreeApi.TreeResponse>($"/api/initiatives/{initiative.Id}/tree"),
            t => t.Tasks.Any(x => x.Category == "merge"), "a merge task");
        Assert.Single(tree.Tasks, x => x.Category == "merge");
        var merges = await _client.GetOkAsync<List<ExecutionApi.MergeResponse>>(
            $"/api/initiatives/{initiative.Id}/merges");
        var conflicted = Assert.Single(merges, m => m.Status == "conflicted");
        Assert.StartsWith("Conflicts in src/generated/module-001/", conflicted.Error);
        Assert.InRange(conflicted.Error!.Length, 1000, 4000);
    }

    [Fact]
    public async Task A_dependent_whose_dependency_conflicted_waits_for_the_resolving_task_and_its_refused_spawn_is_requeued()
    {
        var (initiative, _) = await InitiativeAsync("yolo");
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Chain");
        var first = await _client.CreateTaskAsync(phase.Id, "First");
        var second = await _client.CreateTaskAsync(phase.Id, "Second", [first.Id]);
        await ApproveAsync(phase.Id);
        await ExecuteAsync(initiative.Id);
        var spawn = (await _agents.AwaitSpawnsAsync(first.Id)).Single();
        await _agents.CompleteAsync(spawn);
        var merge = (await _agents.AwaitMergesAsync(
            m => m.SourceBranch == spawn.Projects[0].Branch, "first task merge")).Single();
        var waiting = (await _agents.AwaitSpawnsAsync(second.Id)).Single();
        Assert.Equal([merge.RequestId], waiting.AfterMerges ?? []);

        // The merge conflicts: Agents refuses the waiting spawn as retryable. The dependent is queued again (no retry
        // counted) behind the resolving task, and starts only after that task's own merge.
        await _agents.ConflictedAsync(merge, "shared.txt");
        await _agents.SpawnFailedAsync(
            waiting, $"The merge it starts from ({merge.RequestId}) conflicted", retryable: true);
        var tree = await Eventually.ValueAsync(
            () => _client.GetOkAsync<TreeApi.TreeResponse>($"/api/initiatives/{initiative.Id}/tree"),
            t => t.Tasks.Any(x => x.Category == "merge"), "a merge task");
        var resolve = tree.Tasks.Single(x => x.Category == "merge");
        var requeued = await Eventually.ValueAsync(
            () => TaskAsync(second.Id), t => t.Status == "pending", "dependent back in the queue");
        Assert.Equal(0, requeued.RetryCount);
        Assert.Contains(resolve.Id, requeued.DependsOn);

        var resolveSpawn = (await _agents.AwaitSpawnsAsync(resolve.Id)).Single();
        Assert.Single(_agents.SpawnsFor(second.Id));
        await _agents.CompleteAsync(resolveSpawn);
        var resolved = (await _agents.AwaitMergesAsync(
            m => m.SourceBranch == resolveSpawn.Projects[0].Branch, "resolution merge")).Single();
        var again = (await _agents.AwaitSpawnsAsync(second.Id, 2))[1];
        Assert.Equal([resolved.RequestId], again.AfterMerges ?? []);
    }

    [Fact]
    public async Task A_task_merge_that_fails_blocks_the_phase_so_no_dependent_starts_without_that_work()
    {
        var (initiative, _) = await InitiativeAsync("yolo");
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Fails");
        var first = await _client.CreateTaskAsync(phase.Id, "First");
        await _client.CreateTaskAsync(phase.Id, "Second", [first.Id]);
        await ApproveAsync(phase.Id);
        await ExecuteAsync(initiative.Id);
        var spawn = (await _agents.AwaitSpawnsAsync(first.Id)).Single();
        await _agents.CompleteAsync(spawn);
        var merge = (await _agents.AwaitMergesAsync(
            m => m.SourceBranch == spawn.Projects[0].Branch, "first task merge")).Single();

        await _agents.MergeFailedAsync(merge, "'phase' moved during the merge; try again.");

        var blocked = await Eventually.ValueAsync(
            () => PhaseAsync(phase.Id), p => p.Status == "blocked", "phase blocked");
        Assert.Contains("moved during the merge", blocked.BlockedReason);
    }

    [Fact]
    public async Task Several_leaf_phases_get_one_integration_phase_with_a_verify_task_after_all_of_them()
    {
        var (initiative, _) = await InitiativeAsync("yolo");
        var a = await _client.CreatePhaseAsync(initiative.Id, "Frontend");
        var b = await _client.CreatePhaseAsync(initiative.Id, "Backend");
        await ApproveAsync(a.Id);
        await ApproveAsync(b.Id);

        var execution = await _client.PostOkAsync<ExecutionApi.ExecutionResponse>(
            $"/api/initiatives/{initiative.Id}/execute", null, HttpStatusCode.Accepted);
        var again = await _client.PostOkAsync<ExecutionApi.ExecutionResponse>(
            $"/api/initiatives/{initiative.Id}/execute", null, HttpStatusCode.Accepted);

        Assert.NotNull(execution.IntegrationPhaseId);
        Assert.Null(again.IntegrationPhaseId);
        var tree = await _client.GetOkAsync<TreeApi.TreeResponse>($"/api/initiatives/{initiative.Id}/tree");
        var integration = Assert.Single(tree.Phases, p => p.Name == ExecutionApi.IntegrationPhaseName);
        Assert.Equal(
            new[] { a.Id, b.Id }.Order(),
            tree.PhaseDependencies.Where(d => d.From == integration.Id).Select(d => d.To).Order());
        Assert.Equal("verify", Assert.Single(tree.Tasks, t => t.PhaseId == integration.Id).Category);
        // Empty phases complete at once; the integration phase then starts and its verify task gets an agent.
        var verify = tree.Tasks.Single(t => t.PhaseId == integration.Id);
        await _agents.AwaitSpawnsAsync(verify.Id);
    }

    [Fact]
    public async Task Execution_refuses_what_cannot_run_and_a_refused_spawn_blocks_the_task_with_the_reason()
    {
        var lonely = await _client.CreateInitiativeAsync();
        await _client.CreatePhaseAsync(lonely.Id);
        await (await _client.PostAsJsonAsync($"/api/initiatives/{lonely.Id}/execute", new { }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _client.PostAsJsonAsync("/api/initiatives/no-such-initiative/execute", new { }))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        var (initiative, _) = await InitiativeAsync("yolo");
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var task = await _client.CreateTaskAsync(phase.Id);
        var unapproved = await _client.PostAsJsonAsync($"/api/initiatives/{initiative.Id}/execute", new { });
        Assert.Contains(
            "approve",
            (await unapproved.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        await (await _client.PostAsJsonAsync($"/api/phases/{phase.Id}/review/approve", new { }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _client.PostAsJsonAsync($"/api/initiatives/{initiative.Id}/approve", new { }))
            .AssertProblemAsync(HttpStatusCode.Conflict);

        await ApproveAsync(phase.Id);
        await ExecuteAsync(initiative.Id);
        await _agents.SpawnFailedAsync(
            (await _agents.AwaitSpawnsAsync(task.Id)).Single(), "Base branch 'main' does not exist");
        var blocked = await Eventually.ValueAsync(() => TaskAsync(task.Id), t => t.Status == "blocked", "blocked task");
        Assert.Contains("Base branch 'main' does not exist", blocked.BlockedReason);
    }

    [Fact]
    public async Task With_quality_review_a_reviewer_agent_checks_the_task_branch_before_the_task_completes_and_merges()
    {
        var (initiative, _) = await InitiativeAsync("yolo", qualityReview: true);
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Careful");
        var task = await _client.CreateTaskAsync(phase.Id, "Parse dates");
        await ApproveAsync(phase.Id);
        await ExecuteAsync(initiative.Id);
        var implementer = (await _agents.AwaitSpawnsAsync(task.Id)).Single();

        await _agents.CompleteAsync(implementer, summary: "Parser added");

        var reviewer = (await _agents.AwaitSpawnsAsync(task.Id, 2))[1];
        Assert.Equal("quality_review", (await TaskAsync(task.Id)).Status);
        Assert.Equal(implementer.Projects[0].Branch, reviewer.Projects[0].Branch); // reviews the implementer's branch
        Assert.Contains("quality reviewer", reviewer.Prompt);
        // nothing merged before the review
        Assert.Empty(_agents.Merges(m => m.SourceBranch == implementer.Projects[0].Branch));

        await _agents.CompleteAsync(reviewer, summary: "Added a leap-year test");
        await _agents.AwaitMergesAsync(m => m.SourceBranch == implementer.Projects[0].Branch, "reviewed task merged");
        var done = await TaskAsync(task.Id);
        Assert.Equal("completed", done.Status);
        Assert.Contains("Parser added", done.Summary);
        Assert.Contains("Added a leap-year test", done.Summary);
    }

    private async Task<(InitiativeResponse Initiative, string ProjectId)> InitiativeAsync(
        string mode, bool qualityReview = false)
    {
        var name = $"p{Guid.NewGuid():N}"[..12];
        var project = await _client.PostOkAsync<ProjectsApi.ProjectResponse>(
            "/api/projects", new { name, url = $"https://example.invalid/{name}.git" }, HttpStatusCode.Created);
        var initiative = await _client.CreateInitiativeAsync(extra: new
        {
            name = $"Initiative {name}", executionMode = mode, qualityReview, projectIds = new[] { project.Id }
        });
        return (initiative, project.Id);
    }

    private Task ApproveAsync(string phaseId) =>
        _client.PostOkAsync<PhaseResponse>($"/api/phases/{phaseId}/approve", null);

    private Task ExecuteAsync(string initiativeId) =>
        _client.PostOkAsync<ExecutionApi.ExecutionResponse>(
            $"/api/initiatives/{initiativeId}/execute", null, HttpStatusCode.Accepted);

    /// <summary>The task's agent finishes and its branch merges into the phase.</summary>
    private async Task FinishAsync(string taskId)
    {
        var spawn = (await _agents.AwaitSpawnsAsync(taskId)).Last();
        await _agents.CompleteAsync(spawn);
        await _agents.MergedAsync((await _agents.AwaitMergesAsync(
            m => m.SourceBranch == spawn.Projects[0].Branch, $"task {taskId} merge")).Single());
    }

    private Task<TaskResponse> TaskAsync(string id) => _client.GetOkAsync<TaskResponse>($"/api/tasks/{id}");

    private Task<PhaseResponse> PhaseAsync(string id) => _client.GetOkAsync<PhaseResponse>($"/api/phases/{id}");

    private async Task<string> InitiativeStatusAsync(string id) =>
        (await _client.GetOkAsync<InitiativeResponse>($"/api/initiatives/{id}")).Status;
}
