using System.Net;
using System.Net.Http.Json;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Tests.Execution;

/// <summary>
/// A phase moved through its states by hand (approve, start, submit-for-review), with no agent ever working on it:
/// every review and read endpoint either works or answers a 409 that says why, never a 500.
/// </summary>
public sealed class HandMovedPhaseTests(ExecutionFactory factory) : IClassFixture<ExecutionFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();
    private readonly FakeAgents _agents = new(factory);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Approving_the_review_of_a_phase_nothing_was_built_on_completes_it_without_a_merge(
        bool withProject)
    {
        var initiative = await InitiativeAsync(withProject);
        var phase = await _client.CreatePhaseAsync(initiative.Id, "By hand");
        await MoveToReviewByHandAsync(phase.Id);

        var response = await _client.PostAsync($"/api/phases/{phase.Id}/review/approve", null);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        var approved = (await response.Content.ReadFromJsonAsync<ExecutionApi.PhaseResponseWithMerges>())!;
        Assert.Equal("completed", approved.Phase.Status);
        Assert.Empty(approved.Merges);
        Assert.Equal("completed", (await _client.GetOkAsync<PhaseResponse>($"/api/phases/{phase.Id}")).Status);
        Assert.Empty(_agents.Merges(m => m.TargetBranch == initiative.Branch));
    }

    [Fact]
    public async Task Requesting_changes_on_a_phase_moved_to_review_by_hand_adds_a_review_task()
    {
        var initiative = await InitiativeAsync(withProject: true);
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Changes");
        await MoveToReviewByHandAsync(phase.Id);

        var review = await _client.PostOkAsync<TaskResponse>(
            $"/api/phases/{phase.Id}/review/request-changes", new { feedback = "More tests." });

        Assert.Equal(("review", phase.Id), (review.Category, review.PhaseId));
        Assert.Equal("in_progress", (await _client.GetOkAsync<PhaseResponse>($"/api/phases/{phase.Id}")).Status);
    }

    [Theory]
    [InlineData("diff")]
    [InlineData("commits")]
    public async Task The_diff_of_a_phase_moved_by_hand_is_a_409_saying_nothing_was_built_on_its_branch(string read)
    {
        var initiative = await InitiativeAsync(withProject: true);
        var phase = await _client.CreatePhaseAsync(initiative.Id, $"Read {read}");
        await MoveToReviewByHandAsync(phase.Id);

        var problem = await (await _client.GetAsync($"/api/phases/{phase.Id}/{read}"))
            .AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("Nothing has been merged into the branch", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_phase_started_by_hand_in_an_executing_initiative_still_gets_its_tasks_dispatched_on_its_branch()
    {
        var initiative = await InitiativeAsync(withProject: true);
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Started by hand");
        var task = await _client.CreateTaskAsync(phase.Id, "Work");
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/approve", null);
        var started = await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/start", null);
        Assert.Equal($"{initiative.Branch}-phase-started-by-hand", started.Branch);

        await _client.PostOkAsync<ExecutionApi.ExecutionResponse>(
            $"/api/initiatives/{initiative.Id}/execute", null, HttpStatusCode.Accepted);

        var spawn = (await _agents.AwaitSpawnsAsync(task.Id)).Single();
        Assert.Equal(started.Branch, spawn.Projects.Single().BaseBranch);
    }

    [Fact]
    public async Task A_phase_started_by_hand_before_starting_fixed_its_branch_gets_one_from_dispatch()
    {
        var initiative = await InitiativeAsync(withProject: true);
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Started long ago");
        var task = await _client.CreateTaskAsync(phase.Id, "Work");
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/approve", null);
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/start", null);
        // As an earlier version left it in the database: in progress, without a branch.
        await factory.QueryAsync(db => db.Phases
            .Where(p => p.Id == phase.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Branch, (string?)null)));

        await _client.PostOkAsync<ExecutionApi.ExecutionResponse>(
            $"/api/initiatives/{initiative.Id}/execute", null, HttpStatusCode.Accepted);

        var spawn = (await _agents.AwaitSpawnsAsync(task.Id)).Single();
        Assert.Equal($"{initiative.Branch}-phase-started-long-ago", spawn.Projects.Single().BaseBranch);
    }

    private async Task MoveToReviewByHandAsync(string phaseId)
    {
        foreach (var step in new[] { "approve", "start", "submit-for-review" })
            await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phaseId}/{step}", null);
    }

    private async Task<InitiativeResponse> InitiativeAsync(bool withProject)
    {
        var name = $"p{Guid.NewGuid():N}"[..12];
        if (!withProject)
        {
            return await _client.CreateInitiativeAsync(
                extra: new { name = $"Initiative {name}", executionMode = "review_per_phase" });
        }

        var project = await _client.PostOkAsync<ProjectsApi.ProjectResponse>(
            "/api/projects", new { name, url = $"https://example.invalid/{name}.git" }, HttpStatusCode.Created);
        return await _client.CreateInitiativeAsync(extra: new
        {
            name = $"Initiative {name}", executionMode = "review_per_phase", projectIds = new[] { project.Id }
        });
    }
}
