using System.Net;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Errands;
using Codewalkers.Contracts.Projects;
using Codewalkers.Errands.Tests.Infrastructure;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using static Codewalkers.Errands.Tests.Infrastructure.ErrandSteps;

namespace Codewalkers.Errands.Tests;

/// <summary>
/// How errands end or lose parts: abandoned (by the user, a failed start, a deleted project), deleted, or left
/// without their agent.
/// </summary>
public sealed class ErrandEndTests(ErrandsFactory factory) : IClassFixture<ErrandsFactory>
{
    private readonly ErrandSteps _steps = new(factory);

    [Fact]
    public async Task Abandon_stops_the_agent_and_deletes_the_branch_and_the_answer_lands_in_the_thread()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, agentId) = await _steps.StartedAsync(project);

        var abandoned = await _steps.AcceptedAsync(errand.Id, "abandon");

        Assert.Equal(ErrandStatuses.Abandoned, abandoned.Status);
        var discard = await DiscardAsync(project, errand.Branch);
        Assert.Equal((agentId, true), (discard.AgentId, discard.DeleteBranch));
        await factory.DeliverAsync(new BranchDiscarded(
            discard.RequestId, project.Id, errand.Branch, BranchDeleted: true, DateTimeOffset.UtcNow));
        Assert.Equal("branch_discarded", (await _steps.GetAsync(errand.Id)).Thread![^1].Kind);
        var again = await AssertProblemAsync(await _steps.ActAsync(errand.Id, "abandon"), HttpStatusCode.Conflict);
        Assert.Contains("abandoned", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var changes = await _steps.StatusChangesAsync(errand.Id, 2);
        Assert.Equal(("active", "abandoned"), (changes[1].From, changes[1].To));
    }

    [Fact]
    public async Task A_failed_discard_is_said_in_the_thread_and_as_the_error()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, _) = await _steps.StartedAsync(project);
        await _steps.AcceptedAsync(errand.Id, "abandon");
        var discard = await DiscardAsync(project, errand.Branch);

        await factory.DeliverAsync(new DiscardFailed(
            discard.RequestId, project.Id, errand.Branch, "worktree locked", DateTimeOffset.UtcNow));

        var got = await _steps.GetAsync(errand.Id);
        Assert.Equal("discard_failed", got.Thread![^1].Kind);
        Assert.Contains("worktree locked", got.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_that_cannot_start_abandons_a_new_errand_and_leaves_no_branch_behind()
    {
        var project = await _steps.ProjectAsync();
        var (errand, spawn) = await _steps.StartAsync(project);

        await factory.DeliverAsync(new AgentSpawnFailed(
            spawn.RequestId, AgentModes.Errand, Context(errand.Id), "unknown provider 'x'", DateTimeOffset.UtcNow));

        var got = await _steps.GetAsync(errand.Id);
        Assert.Equal((ErrandStatuses.Abandoned, "could not start: unknown provider 'x'"), (got.Status, got.Error));
        Assert.True((await DiscardAsync(project, errand.Branch)).DeleteBranch);
    }

    [Fact]
    public async Task A_deleted_agent_shows_as_gone_and_the_errand_keeps_its_branch()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, agentId) = await _steps.InReviewAsync(project);

        await factory.DeliverAsync(new AgentDeleted(agentId, "n", Context(errand.Id), 9, DateTimeOffset.UtcNow));

        var got = await _steps.GetAsync(errand.Id);
        Assert.Equal((ErrandStatuses.PendingReview, agentId, true, errand.Branch),
            (got.Status, got.AgentId, got.AgentGone, got.Branch));
        var problem = await AssertProblemAsync(
            await _steps.ActAsync(errand.Id, "messages", new { message = "hello?" }), HttpStatusCode.Conflict);
        Assert.Contains("was deleted", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_project_abandons_its_open_errands_and_discards_their_branches_but_not_merged_ones()
    {
        var project = await _steps.ProjectAsync();
        var other = await _steps.ProjectAsync();
        var (active, _, activeAgent) = await _steps.StartedAsync(project, "Active one");
        var (review, _, _) = await _steps.InReviewAsync(project, "In review");
        var (elsewhere, _, _) = await _steps.StartedAsync(other, "Other project");
        var (merged, _, _) = await _steps.InReviewAsync(project, "Merged one");
        await _steps.AcceptedAsync(merged.Id, "merge");
        var merge = await _steps.SentAsync<MergeBranches>(
            m => m.SourceBranch == merged.Branch && m.ProjectId == project.Id, "merge");
        await factory.DeliverAsync(new BranchesMerged(merge.RequestId, project.Id, merged.Branch, "main", "a", "b",
            DateTimeOffset.UtcNow));

        await factory.DeliverAsync(new ProjectDeleted(project.Id, 2, DateTimeOffset.UtcNow));

        foreach (var id in new[] { active.Id, review.Id })
        {
            var got = await _steps.GetAsync(id);
            Assert.Equal((ErrandStatuses.Abandoned, "project deleted"), (got.Status, got.Error));
        }
        Assert.Equal(activeAgent, (await DiscardAsync(project, active.Branch)).AgentId);
        Assert.True((await DiscardAsync(project, review.Branch)).DeleteBranch);
        Assert.Equal(ErrandStatuses.Merged, (await _steps.GetAsync(merged.Id)).Status);
        Assert.Equal(ErrandStatuses.Active, (await _steps.GetAsync(elsewhere.Id)).Status);
    }

    [Fact]
    public async Task Deleting_an_active_errand_is_refused()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, _) = await _steps.StartedAsync(project);

        var problem = await AssertProblemAsync(
            await _steps.Client.DeleteAsync($"/api/errands/{errand.Id}"), HttpStatusCode.Conflict);

        Assert.Contains("active", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(ErrandStatuses.Active, (await _steps.GetAsync(errand.Id)).Status);
    }

    [Fact]
    public async Task Deleting_an_errand_in_review_discards_its_branch_first_and_announces_the_deletion()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, agentId) = await _steps.InReviewAsync(project);

        var response = await _steps.Client.DeleteAsync($"/api/errands/{errand.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _steps.Client.GetAsync($"/api/errands/{errand.Id}")).StatusCode);
        var discard = await DiscardAsync(project, errand.Branch);
        Assert.Equal((agentId, true), (discard.AgentId, discard.DeleteBranch));
        var deleted = await Eventually.ValueAsync(
            () => Task.FromResult(factory.Harness.Published.Select<ErrandDeleted>(
                m => m.Context.Message.ErrandId == errand.Id).Select(m => m.Context.Message).FirstOrDefault()),
            d => d is not null, "ErrandDeleted");
        Assert.Equal(project.Id, deleted!.ProjectId);
        Assert.Equal(0, await factory.QueryAsync(db => db.Errands.CountAsync(e => e.Id == errand.Id)));
    }

    [Fact]
    public async Task Deleting_an_abandoned_errand_sends_nothing_more_to_the_Agents_service()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, _) = await _steps.StartedAsync(project);
        await _steps.AcceptedAsync(errand.Id, "abandon");
        await DiscardAsync(project, errand.Branch);

        var response = await _steps.Client.DeleteAsync($"/api/errands/{errand.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        await Task.Delay(300);
        Assert.Single(_steps.Sent<DiscardBranch>(d => d.Branch == errand.Branch && d.ProjectId == project.Id));
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/diff")]
    [InlineData("POST", "/merge")]
    [InlineData("POST", "/abandon")]
    [InlineData("DELETE", "")]
    public async Task An_unknown_errand_is_a_404_problem(string method, string path)
    {
        foreach (var id in new[] { "AAAAAAAAAAAAAAAAAAAAA", "nope" })
        {
            var response = await _steps.Client.SendAsync(new HttpRequestMessage(
                new HttpMethod(method), $"/api/errands/{id}{path}"));
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
        }
    }

    private Task<DiscardBranch> DiscardAsync(TestProject project, string branch) =>
        _steps.SentAsync<DiscardBranch>(d => d.ProjectId == project.Id && d.Branch == branch, $"discard {branch}");
}
