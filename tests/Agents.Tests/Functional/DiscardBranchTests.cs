using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Projects;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// What the Errands service asks of the workspace: a project's branches (the clone's and origin's), and DiscardBranch,
/// which stops an errand's agent, removes its worktree and deletes its branch from the clone only when asked.
/// </summary>
[Collection(nameof(ClaudeAgents))]
public sealed class DiscardBranchTests(AgentsFactory factory) : TestsWithOrigin(factory)
{
    private Task<WorkspaceApi.BranchResponse[]?> BranchesAsync(string projectId) =>
        Client.GetFromJsonAsync<WorkspaceApi.BranchResponse[]>($"/api/workspace/projects/{projectId}/branches");

    private static WorkspaceApi.BranchResponse Branch(string name, string commit) => new(name, commit);

    [Fact]
    public async Task Branches_are_the_clones_and_origins_the_clones_winning_and_an_unreachable_origin_is_no_failure()
    {
        Origin.Git("branch", "feature");
        var originFeature = Origin.CommitOn("feature", "f.txt", "f\n", "Feature");
        var (projectId, _, clone) = await Factory.RegisterProjectAsync(Origin.Path, "br");
        var main = Origin.Git("rev-parse", "main");

        var first = (await BranchesAsync(projectId))!;
        Assert.Equal([Branch("feature", originFeature), Branch("main", main)], first);

        // The clone's own branches, one of them also origin's at another commit; and a branch origin got since.
        Origin.Git("-C", clone, "branch", "local-only", main);
        Origin.Git("-C", clone, "branch", "feature", main);
        Origin.Git("branch", "late");
        var second = (await BranchesAsync(projectId))!;
        Assert.Equal(
            [Branch("feature", main), Branch("late", main), Branch("local-only", main), Branch("main", main)], second);

        Origin.Git("-C", clone, "remote", "set-url", "origin", Path.Combine(Origin.Path, "gone"));
        Assert.Equal(second, await BranchesAsync(projectId));

        // Never cloned, and origin is not there: nothing to list, said as such.
        var unreachable = (await Factory.RegisterProjectAsync(Path.Combine(Origin.Path, "missing"), "br")).Id;
        var notCloned = await Client.GetAsync($"/api/workspace/projects/{unreachable}/branches");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notCloned.StatusCode);
        Assert.Contains("missing", await notCloned.Content.ReadAsStringAsync());

        var unknown = await Client.GetAsync($"/api/workspace/projects/{Ids.New()}/branches");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        await Factory.Harness.Bus.Publish(new ProjectDeleted(projectId, 2, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(
            () => Factory.QueryAsync(db => db.Projects.AnyAsync(p => p.Id == projectId && p.IsDeleted)),
            "project tombstoned");
        Assert.Equal(HttpStatusCode.NotFound,
            (await Client.GetAsync($"/api/workspace/projects/{projectId}/branches")).StatusCode);
    }

    [Fact]
    public async Task Discarding_stops_the_agent_removes_its_worktree_and_deletes_the_branch_only_when_asked()
    {
        _ = ClaudeCli.Path;
        const string branch = "cw/errand-fix-typo";
        // The branch is on origin too: discarding deletes the clone's, never origin's.
        Origin.Git("branch", branch);
        var (projectId, name, clone) = await Factory.RegisterProjectAsync(Origin.Path, "disc");
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Bash($"cd {name} && echo fixed > typo.txt && git add typo.txt "
                + "&& git -c user.name=a -c user.email=a@a commit -q -m 'Fix the typo'"),
            Steps.Bash("timeout 120 tail -f /dev/null"),
            Steps.Signal(new { status = "done", result = new { message = "too late" } }),
            Steps.Say("Done."));
        var spawned = await Client.PostAsJsonAsync("/api/agents", new
        {
            mode = AgentModes.Errand, errandId = Ids.New(), prompt = $"Scenario {marker}.",
            projects = new[] { new { projectId, branch, baseBranch = "main", ensureBranches = Array.Empty<object>() } },
        });
        Assert.Equal(HttpStatusCode.Created, spawned.StatusCode);
        var agent = (await spawned.Content.ReadFromJsonAsync<AgentResponse>())!;
        var worktree = Path.Combine(agent.WorktreeId, name);
        await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Running);
        await Eventually.TrueAsync(() => Task.FromResult(
                Origin.Git("-C", clone, "log", "-1", "--format=%s", branch) == "Fix the typo"), "the agent's commit",
            // The real CLI's first turns: seconds on a quiet machine, much longer on a busy shared one.
            TimeSpan.FromSeconds(60));
        var committed = Origin.Git("-C", clone, "rev-parse", branch);

        // After a merge: the worktree goes, the branch (and its commit) stays.
        var keep = new DiscardBranch(Ids.New(), projectId, branch, agent.Id, DeleteBranch: false);
        await Factory.SendCommandAsync(keep);
        var kept = Assert.Single(await Factory.PublishedAsync<BranchDiscarded>(m => m.RequestId == keep.RequestId));
        Assert.False(kept.BranchDeleted);
        var stopped = await Factory.GetAgentAsync(Client, agent.Id);
        Assert.Equal((AgentStatuses.Stopped, AgentReasons.UserRequested), (stopped.Status, stopped.StatusReason));
        Assert.False(Directory.Exists(worktree));
        Assert.DoesNotContain(branch, Origin.Git("-C", clone, "worktree", "list"));
        Assert.Equal(committed, Origin.Git("-C", clone, "rev-parse", branch));

        // Abandoned: the branch goes from the clone; origin's stays where it was.
        var drop = new DiscardBranch(Ids.New(), projectId, branch, agent.Id, DeleteBranch: true);
        await Factory.SendCommandAsync(drop);
        Assert.True(
            Assert.Single(await Factory.PublishedAsync<BranchDiscarded>(m => m.RequestId == drop.RequestId))
                .BranchDeleted);
        Assert.Empty(Origin.Git("-C", clone, "branch", "--list", branch));
        Assert.Equal(Origin.Git("rev-parse", "main"), Origin.Git("rev-parse", branch));

        // Repeated: everything is gone already, and it answers again.
        await Factory.SendCommandAsync(drop);
        var answers = await Factory.PublishedAsync<BranchDiscarded>(m => m.RequestId == drop.RequestId, count: 2);
        Assert.False(answers[1].BranchDeleted);
        Assert.Empty(Factory.Harness.Published.Select<DiscardFailed>(
            m => m.Context.Message.RequestId == drop.RequestId || m.Context.Message.RequestId == keep.RequestId));
        Assert.Equal(AgentStatuses.Stopped, (await Factory.GetAgentAsync(Client, agent.Id)).Status);
    }

    [Fact]
    public async Task A_bad_branch_name_or_the_default_branch_is_refused_and_an_unknown_project_only_stops_the_agent()
    {
        var projectId = (await Factory.RegisterProjectAsync(Origin.Path, "bad")).Id;
        foreach (var bad in (string[])["--force", "a..b", "main~1", "x\ny", ""])
        {
            var command = new DiscardBranch(Ids.New(), projectId, bad, null, DeleteBranch: true);
            await Factory.SendCommandAsync(command);
            var failed = Assert.Single(
                await Factory.PublishedAsync<DiscardFailed>(m => m.RequestId == command.RequestId));
            Assert.Contains("not a valid branch name", failed.Error);
        }
        var defaultBranch = new DiscardBranch(Ids.New(), projectId, "main", null, DeleteBranch: true);
        await Factory.SendCommandAsync(defaultBranch);
        Assert.Contains("default branch", Assert.Single(
            await Factory.PublishedAsync<DiscardFailed>(m => m.RequestId == defaultBranch.RequestId)).Error);
        Assert.Contains("main", Origin.Git("branch", "--list", "main"));

        var unknown = new DiscardBranch(Ids.New(), Ids.New(), "cw/errand-x", Ids.New(), DeleteBranch: true);
        await Factory.SendCommandAsync(unknown);
        Assert.False(Assert.Single(
            await Factory.PublishedAsync<BranchDiscarded>(m => m.RequestId == unknown.RequestId)).BranchDeleted);
    }
}
