using System.Net;
using Codewalkers.Contracts.Planning;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;
using static Codewalkers.Planning.Apis.ProposalsApi;

namespace Codewalkers.Planning.Tests.Functional;

public sealed class ChangeSetsApiTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    private async Task<AcceptedResponse> ProposeAndAcceptAsync(
        string initiativeId, string targetType, string title, object? metadata = null, string? targetId = null)
    {
        var proposal = await _client.PostOkAsync<ProposalResponse>("/api/proposals",
            new { initiativeId, agentId = "architect", targetType, targetId, title, content = "body", metadata },
            HttpStatusCode.Created);
        return await _client.PostOkAsync<AcceptedResponse>($"/api/proposals/{proposal.Id}/accept", null);
    }

    /// <summary>Tasks A &lt;- B &lt;- C (C depends on B, B on A), then an accepted proposal that deletes B.</summary>
    private async Task<(TaskResponse A, TaskResponse B, TaskResponse C, AcceptedResponse Deleting)>
        ChainWithMiddleDeletedAsync()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var a = await _client.CreateTaskAsync(phase.Id, "A");
        var b = await _client.CreateTaskAsync(phase.Id, "B", [a.Id]);
        var c = await _client.CreateTaskAsync(phase.Id, "C", [b.Id]);
        return (
            a, b, c, await ProposeAndAcceptAsync(initiative.Id, "task", "Remove B", new { action = "delete" }, b.Id));
    }

    [Fact]
    public async Task Reverting_a_deleting_change_set_restores_the_task_with_its_dependencies()
    {
        var (a, b, c, deleting) = await ChainWithMiddleDeletedAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/tasks/{b.Id}")).StatusCode);

        var reverted = await _client.PostOkAsync<ChangeSetResponse>(
            $"/api/change-sets/{deleting.ChangeSetId}/revert", null);

        Assert.NotNull(reverted.RevertedAt);
        Assert.Equal([a.Id], (await _client.GetOkAsync<TaskResponse>($"/api/tasks/{b.Id}")).DependsOn);
        Assert.Equal([b.Id], (await _client.GetOkAsync<TaskResponse>($"/api/tasks/{c.Id}")).DependsOn);
        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.Published
            .Select<TaskCreated>(m => m.Context.Message.TaskId == b.Id && m.Context.Message.Version > b.Version + 1)
            .Any()), "TaskCreated for the restored task");
    }

    [Fact]
    public async Task Reverting_a_stale_change_set_is_a_409_that_names_the_changed_entity()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var accepted = await ProposeAndAcceptAsync(initiative.Id, "phase", "Proposed phase");
        var phaseId = accepted.Proposals[0].AppliedEntityId!;
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phaseId}/approve", null);

        var response = await _client.PostAsync($"/api/change-sets/{accepted.ChangeSetId}/revert", null);

        Assert.Contains(
            phaseId, (await response.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/phases/{phaseId}")).StatusCode);
    }

    [Fact]
    public async Task Reverting_twice_is_a_409_and_an_unknown_change_set_a_404()
    {
        var accepted = await ProposeAndAcceptAsync((await _client.CreateInitiativeAsync()).Id, "page", "Notes");
        await _client.PostOkAsync<ChangeSetResponse>($"/api/change-sets/{accepted.ChangeSetId}/revert", null);

        await (await _client.PostAsync($"/api/change-sets/{accepted.ChangeSetId}/revert", null))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _client.PostAsync("/api/change-sets/nope/revert", null))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await _client.GetAsync($"/api/pages/{accepted.Proposals[0].AppliedEntityId}")).StatusCode);
    }

    [Fact]
    public async Task Change_sets_are_listed_newest_first_per_initiative()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var first = await ProposeAndAcceptAsync(initiative.Id, "page", "One");
        var second = await ProposeAndAcceptAsync(initiative.Id, "page", "Two");

        var list = await _client.GetOkAsync<Paged<ChangeSetResponse>>($"/api/change-sets?initiativeId={initiative.Id}");

        Assert.Equal(new[] { first.ChangeSetId, second.ChangeSetId }.Order(), list.Items.Select(c => c.Id).Order());
        Assert.All(list.Items, c => Assert.Empty(c.Entries));
    }

    [Fact]
    public async Task Reverting_an_accepted_proposal_puts_it_back_to_pending_so_it_can_be_accepted_again()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var accepted = await ProposeAndAcceptAsync(initiative.Id, "phase", "Proposed phase");
        var proposalId = accepted.Proposals[0].Id;

        await _client.PostOkAsync<ChangeSetResponse>($"/api/change-sets/{accepted.ChangeSetId}/revert", null);

        var reverted = await _client.GetOkAsync<ProposalResponse>($"/api/proposals/{proposalId}");
        Assert.Equal(("pending", null, null), (reverted.Status, reverted.AppliedEntityId, reverted.ChangeSetId));
        var pending = await _client.GetOkAsync<Paged<ProposalResponse>>(
            $"/api/proposals?initiativeId={initiative.Id}&status=pending");
        Assert.Equal([proposalId], pending.Items.Select(p => p.Id));
        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.Published
            .Select<ProposalStatusChanged>(
                m => m.Context.Message.ProposalId == proposalId && m.Context.Message.Status == "pending")
            .Any()), "pending again published");

        var again = await _client.PostOkAsync<AcceptedResponse>($"/api/proposals/{proposalId}/accept", null);
        Assert.Equal("accepted", again.Proposals[0].Status);
        Assert.Equal(
            HttpStatusCode.OK,
            (await _client.GetAsync($"/api/phases/{again.Proposals[0].AppliedEntityId}")).StatusCode);
    }

    [Fact]
    public async Task Reverting_a_delete_whose_dependent_task_was_deleted_since_is_a_409_that_restores_nothing()
    {
        var (_, b, c, deleting) = await ChainWithMiddleDeletedAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/tasks/{c.Id}")).StatusCode);

        var response = await _client.PostAsync($"/api/change-sets/{deleting.ChangeSetId}/revert", null);

        Assert.Contains(
            c.Id, (await response.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/tasks/{b.Id}")).StatusCode);
    }
}
