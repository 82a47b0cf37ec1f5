using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Errands;
using Codewalkers.Errands.Apis;
using Codewalkers.Errands.Tests.Infrastructure;
using static Codewalkers.Errands.Tests.Infrastructure.ErrandSteps;

namespace Codewalkers.Errands.Tests;

/// <summary>Reading errands: the filtered list (newest first, no threads) and an errand's diff.</summary>
public sealed class ErrandQueryTests(ErrandsFactory factory) : IClassFixture<ErrandsFactory>
{
    private readonly ErrandSteps _steps = new(factory);

    [Fact]
    public async Task The_list_filters_by_project_and_status_newest_first_without_threads()
    {
        var project = await _steps.ProjectAsync();
        var other = await _steps.ProjectAsync();
        var (older, _, _) = await _steps.InReviewAsync(project, "Older one");
        var (newer, _) = await _steps.StartAsync(project, "Newer one");
        var (elsewhere, _) = await _steps.StartAsync(other, "Elsewhere");

        var all = await ListAsync($"?projectId={project.Id}");
        var active = await ListAsync($"?projectId={project.Id}&status=active");
        var inReview = await ListAsync($"?status=pending_review&projectId={project.Id}");
        var everything = await ListAsync("");

        Assert.Equal([newer.Id, older.Id], all.Select(e => e.Id));
        Assert.Equal([newer.Id], active.Select(e => e.Id));
        Assert.Equal([older.Id], inReview.Select(e => e.Id));
        Assert.Contains(everything, e => e.Id == elsewhere.Id);
        Assert.All(all, e => Assert.Null(e.Thread));
        var raw = await _steps.Client.GetStringAsync($"/api/errands?projectId={project.Id}");
        Assert.DoesNotContain("\"thread\"", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_status_filter_is_refused_listing_the_statuses()
    {
        var message = await AssertNamesFieldAsync(await _steps.Client.GetAsync("/api/errands?status=done"), "status");

        Assert.All(ErrandStatuses.All, s => Assert.Contains(s, message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_single_errand_carries_its_thread_and_every_field_the_docs_promise()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, _) = await _steps.InReviewAsync(project);

        var json = JsonDocument.Parse(await _steps.Client.GetStringAsync($"/api/errands/{errand.Id}")).RootElement;

        string[] fields =
        [
            "id", "projectId", "description", "branch", "baseBranch", "provider", "status", "merging", "agentId",
            "agentName", "agentStatus", "agentGone", "summary", "error", "conflictFiles", "mergeBase", "mergeCommit",
            "pushed", "version", "createdAt", "updatedAt", "thread",
        ];
        Assert.Equal(fields.Order(), json.EnumerateObject().Select(p => p.Name).Order());
        var note = json.GetProperty("thread")[0];
        Assert.Equal(["at", "author", "kind", "text"], note.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task The_diff_shows_files_patch_and_commits_from_the_base_branch()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, _) = await _steps.InReviewAsync(project);
        factory.Agents.SetDiff(project.Id, "main", errand.Branch, "abc123", "--- a/README.md\n+++ b/README.md\n",
            ("M", "README.md"));
        factory.Agents.SetCommits(project.Id, "main", errand.Branch, ("c0ffee", "Fix the typo"));

        var diff = await _steps.Client.GetFromJsonAsync<ErrandDiffResponse>($"/api/errands/{errand.Id}/diff");

        Assert.Equal((errand.Branch, "main", "abc123"), (diff!.Branch, diff.BaseBranch, diff.MergeBase));
        Assert.Equal(new ErrandDiffFile("M", "README.md"), Assert.Single(diff.Files));
        Assert.StartsWith("--- a/README.md", diff.Patch, StringComparison.Ordinal);
        var commit = Assert.Single(diff.Commits);
        Assert.Equal(("c0ffee", "Fix the typo", "Agent"), (commit.Sha, commit.Subject, commit.Author));
    }

    [Fact]
    public async Task A_merged_errand_diffs_from_its_stored_merge_base()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _, _) = await _steps.InReviewAsync(project);
        await _steps.AcceptedAsync(errand.Id, "merge");
        var merge = await _steps.SentAsync<MergeBranches>(
            m => m.SourceBranch == errand.Branch && m.ProjectId == project.Id, "merge");
        await factory.DeliverAsync(new BranchesMerged(merge.RequestId, project.Id, errand.Branch, "main", "base111",
            "merge222", DateTimeOffset.UtcNow, true));
        factory.Agents.SetDiff(project.Id, "base111", errand.Branch, "base111", "patch", ("A", "NEW.md"));
        factory.Agents.SetCommits(project.Id, "base111", errand.Branch, ("c1", "Add NEW.md"));

        var diff = await _steps.Client.GetFromJsonAsync<ErrandDiffResponse>($"/api/errands/{errand.Id}/diff");

        Assert.Equal(("base111", "A", "NEW.md"), (diff!.MergeBase, diff.Files[0].Status, diff.Files[0].Path));
    }

    [Fact]
    public async Task A_branch_the_clone_does_not_have_yet_is_a_400_naming_branch()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _) = await _steps.StartAsync(project);

        var message = await AssertNamesFieldAsync(
            await _steps.Client.GetAsync($"/api/errands/{errand.Id}/diff"), "branch");

        Assert.Contains(errand.Branch, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_diff_with_the_Agents_service_unreachable_is_a_503()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _) = await _steps.StartAsync(project);
        factory.Agents.Fail(project.Id, null);

        await AssertProblemAsync(
            await _steps.Client.GetAsync($"/api/errands/{errand.Id}/diff"), HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task An_abandoned_errand_has_no_diff()
    {
        var project = await _steps.ProjectAsync();
        var (errand, _) = await _steps.StartAsync(project);
        await _steps.AcceptedAsync(errand.Id, "abandon");

        await AssertProblemAsync(
            await _steps.Client.GetAsync($"/api/errands/{errand.Id}/diff"), HttpStatusCode.Conflict);
    }

    private async Task<ErrandResponse[]> ListAsync(string query) =>
        (await _steps.Client.GetFromJsonAsync<ErrandResponse[]>($"/api/errands{query}"))!;
}
