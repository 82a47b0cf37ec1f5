using System.Net;
using Codewalkers.Contracts.Agents;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Tests.Infrastructure;
using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;

namespace Codewalkers.Planning.Tests.Execution;

/// <summary>
/// A task never stalls in silence: whatever the Agents service answers (git's multi-line refusals, huge summaries) is
/// applied; a spawn that was lost or could not be handled closes its assignment, and the task says why and can be
/// retried. The tests play the Agents service on the bus.
/// </summary>
public sealed class StuckTaskTests(ExecutionFactory factory) : IClassFixture<ExecutionFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();
    private readonly FakeAgents _agents = new(factory);

    // What the Agents service answered when a task's retry found its branch held by the crashed agent's worktree.
    private const string GitRefusal =
        "git worktree add /root/.codewalkers/workspace/agents/brave-otter/shop cw/shop-task-1 failed: "
        + "Preparing worktree (checking out 'cw/shop-task-1')\n"
        + "fatal: 'cw/shop-task-1' is already checked out at '/root/.codewalkers/workspace/agents/silent-pelican/shop'";

    [Fact]
    public async Task A_spawn_refused_with_gits_multi_line_message_blocks_the_task_with_it_and_frees_it_for_a_retry()
    {
        var task = await RunningTaskAsync();
        var spawn = (await _agents.AwaitSpawnsAsync(task.Id)).Single();

        await _agents.SpawnFailedAsync(spawn, GitRefusal);

        var blocked = await Eventually.ValueAsync(
            () => TaskAsync(task.Id), t => t.Status != "in_progress", "the task leaves in_progress");
        Assert.Equal("blocked", blocked.Status);
        Assert.Contains(
            "already checked out at '/root/.codewalkers/workspace/agents/silent-pelican/shop'", blocked.BlockedReason);
        var assignment = (await AssignmentsAsync(task)).Single();
        Assert.Equal("failed", assignment.Status);
        // the error keeps git's lines
        Assert.Contains("fatal: 'cw/shop-task-1' is already checked out", assignment.Error);

        await _client.PostOkAsync<TaskResponse>($"/api/tasks/{task.Id}/retry", null);
        await _agents.AwaitSpawnsAsync(task.Id, 2);
    }

    [Fact]
    public async Task A_task_whose_spawn_was_never_answered_runs_again_when_a_human_blocks_and_retries_it()
    {
        // The state the acceptance run left in its database: in progress, its assignment requested for good.
        var task = await RunningTaskAsync();
        await _agents.AwaitSpawnsAsync(task.Id);

        await _client.PostOkAsync<TaskResponse>(
            $"/api/tasks/{task.Id}/block", new { reason = "Stuck: no agent came." });
        await _client.PostOkAsync<TaskResponse>($"/api/tasks/{task.Id}/retry", null);

        var second = (await _agents.AwaitSpawnsAsync(task.Id, 2))[1];
        var assignments = await AssignmentsAsync(task);
        Assert.Contains(
            assignments,
            a => a.Status == "failed" && a.Error!.Contains("No agent was reported", StringComparison.Ordinal));
        Assert.Contains(assignments, a => a.Id == second.RequestId && a.Status == "requested");
        await _agents.CompleteAsync(second);
        await Eventually.ValueAsync(
            () => TaskAsync(task.Id), t => t.Status == "completed", "the retried task completes");
    }

    [Fact]
    public async Task A_spawn_the_agents_service_could_not_handle_blocks_the_task_saying_why()
    {
        var task = await RunningTaskAsync();
        var spawn = (await _agents.AwaitSpawnsAsync(task.Id)).Single();

        // What MassTransit publishes when the Agents service's consumer throws past its retries
        // (a fault from another host).
        await factory.Harness.Bus.Publish<Fault<SpawnAgent>>(new FaultEvent<SpawnAgent>(
            spawn, NewId.NextGuid(), HostMetadataCache.Empty,
            new IOException("No space left on device"), [MessageUrn.ForTypeString<SpawnAgent>()]));

        var blocked = await Eventually.ValueAsync(
            () => TaskAsync(task.Id), t => t.Status == "blocked", "the task blocked");
        Assert.Contains("could not handle the request for an agent", blocked.BlockedReason);
        Assert.Contains("No space left on device", blocked.BlockedReason);
        Assert.Equal("failed", (await AssignmentsAsync(task)).Single().Status);
    }

    [Fact]
    public async Task A_completion_planning_could_not_apply_blocks_the_task_but_one_faulted_elsewhere_does_not()
    {
        var task = await RunningTaskAsync();
        var spawn = (await _agents.AwaitSpawnsAsync(task.Id)).Single();
        var agentId = await _agents.StartAsync(spawn);
        var completed = new AgentCompleted(agentId, "brave-otter", spawn.RequestId, spawn.Mode,
            new AgentContext(task.Id, spawn.PhaseId, spawn.InitiativeId, null), "done", "Did it", [], 2,
            DateTimeOffset.UtcNow);

        // Another service's consumer of the same event faulted: nothing to do with the task.
        await factory.Harness.Bus.Publish<Fault<AgentCompleted>>(new FaultEvent<AgentCompleted>(
            completed, NewId.NextGuid(), HostMetadataCache.Empty,
            new InvalidOperationException("errands view"), [MessageUrn.ForTypeString<AgentCompleted>()]));
        // Planning's own consumer faulted.
        await factory.Harness.Bus.Publish<Fault<AgentCompleted>>(new FaultEvent<AgentCompleted>(
            completed, NewId.NextGuid(), HostMetadataCache.Host,
            new InvalidOperationException("database is locked"), [MessageUrn.ForTypeString<AgentCompleted>()]));

        var blocked = await Eventually.ValueAsync(
            () => TaskAsync(task.Id), t => t.Status == "blocked", "the task blocked");
        Assert.Contains("ended (done), but Planning could not apply it", blocked.BlockedReason);
        Assert.Contains("database is locked", blocked.BlockedReason);
        Assert.DoesNotContain("errands view", blocked.BlockedReason);
    }

    [Fact]
    public async Task A_task_whose_agent_is_deleted_is_blocked_and_runs_again_when_retried()
    {
        var task = await RunningTaskAsync();
        var spawn = (await _agents.AwaitSpawnsAsync(task.Id)).Single();
        var agentId = await _agents.StartAsync(spawn);
        // AgentSpawned and AgentDeleted reach different consumers side by side; the delete finds the assignment by
        // its agent, so the test lets the spawn land first.
        await Eventually.ValueAsync(
            () => AssignmentsAsync(task), a => a.Single().AgentId == agentId, "the agent known");

        await factory.Harness.Bus.Publish(new AgentDeleted(
            agentId, "brave-otter", new AgentContext(task.Id, spawn.PhaseId, spawn.InitiativeId, null), 5,
            DateTimeOffset.UtcNow));

        var blocked = await Eventually.ValueAsync(
            () => TaskAsync(task.Id), t => t.Status == "blocked", "the task blocked");
        Assert.Contains("Agent brave-otter was deleted before it finished", blocked.BlockedReason);
        await _client.PostOkAsync<TaskResponse>($"/api/tasks/{task.Id}/retry", null);
        await _agents.AwaitSpawnsAsync(task.Id, 2);
    }

    [Fact]
    public async Task A_summary_too_long_and_full_of_control_characters_still_completes_the_task()
    {
        var task = await RunningTaskAsync();
        var spawn = (await _agents.AwaitSpawnsAsync(task.Id)).Single();

        await _agents.CompleteAsync(spawn, summary: "Done\0 with\r\n" + new string('x', PlanTask.MaxSummaryLength));

        var done = await Eventually.ValueAsync(
            () => TaskAsync(task.Id), t => t.Status == "completed", "the task completed");
        Assert.StartsWith("Done  with\n", done.Summary);
        Assert.Equal(PlanTask.MaxSummaryLength, done.Summary!.Length);
    }

    [Fact]
    public async Task A_merge_failing_with_gits_multi_line_message_blocks_the_phase_with_it()
    {
        var task = await RunningTaskAsync();
        var spawn = (await _agents.AwaitSpawnsAsync(task.Id)).Single();
        await _agents.CompleteAsync(spawn);
        var merge = (await _agents.AwaitMergesAsync(
            m => m.SourceBranch == spawn.Projects[0].Branch, "the task's merge")).Single();

        await _agents.MergeFailedAsync(merge, "error: cannot lock ref 'refs/heads/x'\nfatal: unable to update\r\n");

        var phase = await Eventually.ValueAsync(
            () => _client.GetOkAsync<PhaseResponse>($"/api/phases/{spawn.PhaseId}"),
            p => p.Status == "blocked",
            "the phase blocked");
        Assert.Contains("error: cannot lock ref 'refs/heads/x' fatal: unable to update", phase.BlockedReason);
    }

    /// <summary>A task of a fresh yolo initiative, executing (its SpawnAgent sent).</summary>
    private async Task<TaskResponse> RunningTaskAsync()
    {
        var name = $"p{Guid.NewGuid():N}"[..12];
        var project = await _client.PostOkAsync<ProjectsApi.ProjectResponse>(
            "/api/projects", new { name, url = $"https://example.invalid/{name}.git" }, HttpStatusCode.Created);
        var initiative = await _client.CreateInitiativeAsync(
            extra: new { name = $"Initiative {name}", executionMode = "yolo", projectIds = new[] { project.Id } });
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var task = await _client.CreateTaskAsync(phase.Id, "Work");
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/approve", null);
        await _client.PostOkAsync<ExecutionApi.ExecutionResponse>(
            $"/api/initiatives/{initiative.Id}/execute", null, HttpStatusCode.Accepted);
        return task;
    }

    private Task<TaskResponse> TaskAsync(string id) => _client.GetOkAsync<TaskResponse>($"/api/tasks/{id}");

    private async Task<IReadOnlyList<AssignmentResponse>> AssignmentsAsync(TaskResponse task) =>
        [.. (await _client.GetOkAsync<Paged<AssignmentResponse>>($"/api/initiatives/{task.InitiativeId}/assignments"))
            .Items.Where(a => a.TaskId == task.Id)];
}
