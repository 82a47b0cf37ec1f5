using System.Net;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Errands;
using Codewalkers.Errands.Tests.Infrastructure;
using static Codewalkers.Errands.Tests.Infrastructure.ErrandSteps;

namespace Codewalkers.Errands.Tests;

/// <summary>
/// Merging a reviewed errand through the Agents service: merged (pushed, its worktree freed), conflict (resolved by
/// its agent, or a new one when it is gone), or a failed merge that leaves it in review.
/// </summary>
public sealed class ErrandMergeTests(ErrandsFactory factory) : IClassFixture<ErrandsFactory>
{
    private const string MergeBase = "0123456789abcdef0123456789abcdef01234567";
    private const string MergeCommit = "fedcba9876543210fedcba9876543210fedcba98";
    private readonly ErrandSteps _steps = new(factory);

    [Fact]
    public async Task Merge_asks_the_Agents_service_to_merge_into_the_base_and_push_and_a_second_merge_is_refused()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, _) = await _steps.InReviewAsync(project);

        var merging = await _steps.AcceptedAsync(errand.Id, "merge");

        Assert.Equal((ErrandStatuses.PendingReview, true), (merging.Status, merging.Merging));
        var merge = await _steps.SentAsync<MergeBranches>(
            m => m.SourceBranch == errand.Branch && m.ProjectId == project.Id, "merge");
        Assert.Equal((project.Id, "main", true), (merge.ProjectId, merge.TargetBranch, merge.PushTarget));
        var again = await AssertProblemAsync(await _steps.ActAsync(errand.Id, "merge"), HttpStatusCode.Conflict);
        Assert.Contains("already merging", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(_steps.Sent<MergeBranches>(m => m.SourceBranch == errand.Branch && m.ProjectId == project.Id));
    }

    [Fact]
    public async Task A_done_merge_ends_the_errand_merged_and_frees_its_worktree_keeping_the_branch()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, agentId) = await _steps.InReviewAsync(project);
        await _steps.AcceptedAsync(errand.Id, "merge");
        var merge = await _steps.SentAsync<MergeBranches>(
            m => m.SourceBranch == errand.Branch && m.ProjectId == project.Id, "merge");

        await factory.DeliverAsync(new BranchesMerged(merge.RequestId, project.Id, errand.Branch, "main", MergeBase,
            MergeCommit, DateTimeOffset.UtcNow, Pushed: true));

        var got = await _steps.GetAsync(errand.Id);
        Assert.Equal((ErrandStatuses.Merged, false, MergeBase, MergeCommit, true),
            (got.Status, got.Merging, got.MergeBase, got.MergeCommit, got.Pushed));
        var discard = await _steps.SentAsync<DiscardBranch>(
            d => d.Branch == errand.Branch && d.ProjectId == project.Id, "discard");
        Assert.Equal((project.Id, agentId, false), (discard.ProjectId, discard.AgentId, discard.DeleteBranch));
        var changes = await _steps.StatusChangesAsync(errand.Id, 3);
        Assert.Equal(("pending_review", "merged"), (changes[2].From, changes[2].To));
        var mergeAgain = await AssertProblemAsync(await _steps.ActAsync(errand.Id, "merge"), HttpStatusCode.Conflict);
        Assert.Contains("merged", mergeAgain.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merging_an_active_errand_is_an_impossible_transition()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, _) = await _steps.StartedAsync(project);

        var problem = await AssertProblemAsync(await _steps.ActAsync(errand.Id, "merge"), HttpStatusCode.Conflict);

        Assert.Equal("Impossible transition", problem.GetProperty("title").GetString());
        Assert.Contains("it is active", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_steps.Sent<MergeBranches>(m => m.SourceBranch == errand.Branch && m.ProjectId == project.Id));
    }

    [Fact]
    public async Task A_conflict_names_the_files_and_resolve_resumes_the_agent_to_merge_the_base_and_fix_them()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, agentId) = await _steps.InReviewAsync(project);
        var merge = await MergeAsync(errand);

        await factory.DeliverAsync(new MergeConflicted(
            merge.RequestId, project.Id, errand.Branch, "main", ["README.md", "src/app.cs"], DateTimeOffset.UtcNow));

        var conflicted = await _steps.GetAsync(errand.Id);
        Assert.Equal((ErrandStatuses.Conflict, false), (conflicted.Status, conflicted.Merging));
        Assert.Equal(["README.md", "src/app.cs"], conflicted.ConflictFiles);

        var resolving = await _steps.AcceptedAsync(errand.Id, "resolve");

        Assert.Equal(ErrandStatuses.Active, resolving.Status);
        var resume = await _steps.SentAsync<ResumeAgent>(r => r.AgentId == agentId, "resume to resolve");
        Assert.Contains("git merge main", resume.Message, StringComparison.Ordinal);
        Assert.Contains("`README.md`, `src/app.cs`", resume.Message, StringComparison.Ordinal);
        var changes = await _steps.StatusChangesAsync(errand.Id, 4);
        Assert.Equal([("pending_review", "conflict"), ("conflict", "active")],
            changes.Skip(2).Select(c => (c.From!, c.To)));
    }

    [Fact]
    public async Task Resolve_with_the_agent_gone_starts_a_new_errand_agent_on_the_same_branch()
    {
        var project = await _steps.ProjectAsync();
        var (errand, spawn, agentId) = await _steps.InReviewAsync(project);
        var merge = await MergeAsync(errand);
        await factory.DeliverAsync(new MergeConflicted(
            merge.RequestId, project.Id, errand.Branch, "main", ["README.md"], DateTimeOffset.UtcNow));
        await factory.DeliverAsync(new AgentDeleted(agentId, "n", Context(errand.Id), 9, DateTimeOffset.UtcNow));

        var resolving = await _steps.AcceptedAsync(errand.Id, "resolve");

        Assert.Equal((ErrandStatuses.Active, null, false), (resolving.Status, resolving.AgentId, resolving.AgentGone));
        var respawn = await _steps.SentAsync<SpawnAgent>(
            s => s.ErrandId == errand.Id && s.RequestId != spawn.RequestId, "a new errand agent");
        Assert.Equal((errand.Branch, "main", AgentModes.Errand),
            (respawn.Projects[0].Branch, respawn.Projects[0].BaseBranch, respawn.Mode));
        Assert.Contains("`README.md`", respawn.Prompt, StringComparison.Ordinal);

        // The new agent finishes: back in review, ready to merge again.
        var newAgent = await _steps.SpawnedAsync(respawn);
        await _steps.CompletedAsync(newAgent, respawn, SignalOutcomes.Done, "Resolved", version: 3);
        var got = await _steps.GetAsync(errand.Id);
        Assert.Equal((ErrandStatuses.PendingReview, newAgent, "Resolved"), (got.Status, got.AgentId, got.Summary));
    }

    [Fact]
    public async Task A_resolve_whose_new_agent_cannot_start_goes_back_to_conflict_keeping_the_branch()
    {
        var project = await _steps.ProjectAsync();
        var (errand, spawn, agentId) = await _steps.InReviewAsync(project);
        var merge = await MergeAsync(errand);
        await factory.DeliverAsync(new MergeConflicted(
            merge.RequestId, project.Id, errand.Branch, "main", ["a.txt"], DateTimeOffset.UtcNow));
        await factory.DeliverAsync(new AgentDeleted(agentId, "n", Context(errand.Id), 9, DateTimeOffset.UtcNow));
        await _steps.AcceptedAsync(errand.Id, "resolve");
        var respawn = await _steps.SentAsync<SpawnAgent>(
            s => s.ErrandId == errand.Id && s.RequestId != spawn.RequestId, "a new errand agent");

        await factory.DeliverAsync(new AgentSpawnFailed(
            respawn.RequestId, AgentModes.Errand, Context(errand.Id), "no account left", DateTimeOffset.UtcNow));

        var got = await _steps.GetAsync(errand.Id);
        Assert.Equal(ErrandStatuses.Conflict, got.Status);
        Assert.Equal("could not start: no account left", got.Error);
        Assert.Empty(_steps.Sent<DiscardBranch>(d => d.Branch == errand.Branch && d.ProjectId == project.Id));
    }

    [Fact]
    public async Task Resolve_is_only_for_a_conflict()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, _) = await _steps.InReviewAsync(project);

        var problem = await AssertProblemAsync(await _steps.ActAsync(errand.Id, "resolve"), HttpStatusCode.Conflict);

        Assert.Contains("pending_review", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_merge_leaves_the_errand_in_review_with_the_error_and_it_can_merge_again()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, _) = await _steps.InReviewAsync(project);
        var merge = await MergeAsync(errand);

        await factory.DeliverAsync(new MergeFailed(
            merge.RequestId, project.Id, errand.Branch, "main", "push rejected", DateTimeOffset.UtcNow));

        var got = await _steps.GetAsync(errand.Id);
        Assert.Equal((ErrandStatuses.PendingReview, false), (got.Status, got.Merging));
        Assert.Contains("push rejected", got.Error, StringComparison.Ordinal);
        Assert.Equal("merge_failed", got.Thread![^1].Kind);
        Assert.True((await _steps.AcceptedAsync(errand.Id, "merge")).Merging);
    }

    [Fact]
    public async Task A_merge_answer_for_a_request_that_is_not_ours_changes_nothing()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, _) = await _steps.InReviewAsync(project);
        await MergeAsync(errand);

        await factory.DeliverAsync(new BranchesMerged("someone-elses-request", project.Id, errand.Branch, "main",
            MergeBase, MergeCommit, DateTimeOffset.UtcNow, true));

        var got = await _steps.GetAsync(errand.Id);
        Assert.Equal((ErrandStatuses.PendingReview, true), (got.Status, got.Merging));
    }

    private async Task<MergeBranches> MergeAsync(Apis.ErrandResponse errand)
    {
        await _steps.AcceptedAsync(errand.Id, "merge");
        return await _steps.SentAsync<MergeBranches>(
            m => m.SourceBranch == errand.Branch && m.ProjectId == errand.ProjectId, "merge");
    }
}
