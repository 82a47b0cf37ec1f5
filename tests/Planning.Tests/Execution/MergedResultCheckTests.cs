using System.Net;
using Codewalkers.Contracts.Agents;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Execution;

/// <summary>
/// The check on merged results, Planning's side (the tests play the Agents service on the bus): every merge asks for
/// it; a red task merge blocks the task with the evidence and holds the phase back; a red merge into the default
/// branch leaves the initiative in review with the reason.
/// </summary>
public sealed class MergedResultCheckTests(ExecutionFactory factory) : IClassFixture<ExecutionFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();
    private readonly FakeAgents _agents = new(factory);

    [Fact]
    public async Task A_task_whose_merged_result_fails_the_check_is_blocked_and_its_phase_waits_until_it_is_retried()
    {
        var initiative = await InitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Build");
        var first = await _client.CreateTaskAsync(phase.Id, "Adds a.txt");
        var second = await _client.CreateTaskAsync(phase.Id, "Adds b.txt");
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/approve", null);
        await _client.PostOkAsync<ExecutionApi.ExecutionResponse>(
            $"/api/initiatives/{initiative.Id}/execute", null, HttpStatusCode.Accepted);

        var firstMerge = await FinishAsync(first.Id);
        Assert.True(firstMerge.VerifyMergedResult);
        await _agents.MergedAsync(firstMerge);
        var secondMerge = await FinishAsync(second.Id);
        Assert.True(secondMerge.VerifyMergedResult);
        await RedAsync(secondMerge, exitCode: 3, "a.txt and b.txt must not both exist");

        var blocked = await Eventually.ValueAsync(() => TaskAsync(second.Id), t => t.Status == "blocked",
            "task blocked by the merged-result check");
        Assert.Contains("Merged-result check failed: `sh check.sh` exited with code 3", blocked.BlockedReason);
        Assert.Contains("must not both exist", blocked.BlockedReason);
        var merges = await _client.GetOkAsync<List<ExecutionApi.MergeResponse>>(
            $"/api/initiatives/{initiative.Id}/merges");
        var refused = merges.Single(m => m.Id == secondMerge.RequestId);
        Assert.Equal("check_failed", refused.Status);
        Assert.Contains("`sh check.sh` exited with code 3", refused.Error);
        // The phase does not merge into the initiative while the task is blocked.
        await Task.Delay(500);
        Assert.Empty(_agents.Merges(m => m.TargetBranch == initiative.Branch));
        Assert.Equal("in_progress", (await _client.GetOkAsync<PhaseResponse>($"/api/phases/{phase.Id}")).Status);

        // Retried and fixed: its new merge passes, and only then the phase merges into the initiative.
        await _client.PostOkAsync<TaskResponse>($"/api/tasks/{second.Id}/retry", null);
        await _agents.AwaitSpawnsAsync(second.Id, 2);
        var fixedMerge = await FinishAsync(second.Id, expected: 2);
        await _agents.MergedAsync(fixedMerge);
        var phaseMerge = (await _agents.AwaitMergesAsync(m => m.TargetBranch == initiative.Branch,
            "phase merged into the initiative")).Single();
        Assert.True(phaseMerge.VerifyMergedResult);
    }

    [Fact]
    public async Task A_red_merge_into_the_default_branch_leaves_the_initiative_in_review_with_the_reason()
    {
        var initiative = await InitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Build");
        var task = await _client.CreateTaskAsync(phase.Id, "Work");
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/approve", null);
        await _client.PostOkAsync<ExecutionApi.ExecutionResponse>(
            $"/api/initiatives/{initiative.Id}/execute", null, HttpStatusCode.Accepted);
        await _agents.MergedAsync(await FinishAsync(task.Id));
        await _agents.MergedAsync((await _agents.AwaitMergesAsync(m => m.TargetBranch == initiative.Branch,
            "phase merged into the initiative")).Single());
        await Eventually.ValueAsync(() => InitiativeStatusAsync(initiative.Id), s => s == "pending_review",
            "initiative in review");

        await _client.PostOkAsync<List<ExecutionApi.MergeResponse>>(
            $"/api/initiatives/{initiative.Id}/approve", null, HttpStatusCode.Accepted);
        var final = (await _agents.AwaitMergesAsync(
            m => m.SourceBranch == initiative.Branch && m.TargetBranch == "main",
            "initiative merged into main")).Single();
        Assert.True(final.VerifyMergedResult && final.PushTarget);
        await RedAsync(final, exitCode: null, "integration suite still running");

        var merge = await Eventually.ValueAsync(
            async () => (await _client.GetOkAsync<List<ExecutionApi.MergeResponse>>(
                $"/api/initiatives/{initiative.Id}/merges")).Single(m => m.Id == final.RequestId),
            m => m.Status != "requested", "the refused merge recorded");
        Assert.Equal("check_failed", merge.Status);
        Assert.Contains("was killed at its time limit", merge.Error);
        Assert.Contains("main was left as it was", merge.Error);
        Assert.Equal("pending_review", await InitiativeStatusAsync(initiative.Id));
        // Asking again is possible: nothing is under way any more.
        await _client.PostOkAsync<List<ExecutionApi.MergeResponse>>(
            $"/api/initiatives/{initiative.Id}/approve", null, HttpStatusCode.Accepted);
        await _agents.AwaitMergesAsync(m => m.SourceBranch == initiative.Branch && m.TargetBranch == "main",
            "asked again", count: 2);
    }

    private Task RedAsync(MergeBranches merge, int? exitCode, string output) =>
        factory.Harness.Bus.Publish(new MergeVerificationFailed(
            merge.RequestId, merge.ProjectId, merge.SourceBranch, merge.TargetBranch,
            "fedcba9876543210fedcba9876543210fedcba98",
            new AgentVerification("sh check.sh", exitCode, exitCode is null, 600_000, $"running checks\n{output}\n",
                DateTimeOffset.UtcNow),
            DateTimeOffset.UtcNow));

    /// <summary>The task's latest agent signals done; its merge into the phase branch.</summary>
    private async Task<MergeBranches> FinishAsync(string taskId, int expected = 1)
    {
        var spawn = (await _agents.AwaitSpawnsAsync(taskId, expected)).Last();
        await _agents.CompleteAsync(spawn);
        return (await _agents.AwaitMergesAsync(m => m.SourceBranch == spawn.Projects[0].Branch,
            $"task {taskId} merge", expected)).Last();
    }

    private async Task<InitiativeResponse> InitiativeAsync()
    {
        var name = $"p{Guid.NewGuid():N}"[..12];
        var project = await _client.PostOkAsync<ProjectsApi.ProjectResponse>("/api/projects",
            new { name, url = $"https://example.invalid/{name}.git", verifyCommand = "sh check.sh" },
            HttpStatusCode.Created);
        return await _client.CreateInitiativeAsync(extra: new
        {
            name = $"Initiative {name}", executionMode = "yolo", projectIds = new[] { project.Id },
        });
    }

    private Task<TaskResponse> TaskAsync(string id) => _client.GetOkAsync<TaskResponse>($"/api/tasks/{id}");

    private async Task<string> InitiativeStatusAsync(string id) =>
        (await _client.GetOkAsync<InitiativeResponse>($"/api/initiatives/{id}")).Status;
}
