using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Projects;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// Work is never lost: an agent deleted with uncommitted, untracked and unmerged work leaves it in a saved ref, listed
/// by GET /api/workspace/saved and restored to a branch in one call; one that leaves nothing makes no ref. And what a
/// delete would put at risk (POST /api/workspace/unmerged), as Planning asks before deleting.
/// </summary>
[Collection(nameof(ClaudeAgents))]
public sealed class WorkNeverLostTests(AgentsFactory factory) : TestsWithOrigin(factory)
{
    private string InClone(string clone, params string[] args) => Origin.Git(["-C", clone, .. args]);

    /// <summary>
    /// Spawns an errand agent on <paramref name="branch"/> that runs <paramref name="work"/>, then waits.
    /// </summary>
    private async Task<AgentResponse> SpawnAsync(string projectId, string branch, string work)
    {
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Bash($"{work} && echo worked > /tmp/{marker}"),
            Steps.Bash("timeout 120 tail -f /dev/null"),
            Steps.Say("Done."));
        var spawned = await Client.PostAsJsonAsync("/api/agents", new
        {
            mode = AgentModes.Errand, errandId = Ids.New(), prompt = $"Scenario {marker}.",
            projects = new[] { new { projectId, branch, baseBranch = "main", ensureBranches = Array.Empty<object>() } },
        });
        Assert.Equal(HttpStatusCode.Created, spawned.StatusCode);
        var agent = (await spawned.Content.ReadFromJsonAsync<AgentResponse>())!;
        await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Running);
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists($"/tmp/{marker}")), "the agent's work",
            // The real CLI's first turns: seconds on a quiet machine, much longer on a busy shared one.
            TimeSpan.FromSeconds(90));
        File.Delete($"/tmp/{marker}");
        return agent;
    }

    private async Task StopAndDeleteAsync(string agentId)
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/agents/{agentId}/stop", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/agents/{agentId}")).StatusCode);
    }

    private async Task<SavedWorkApi.SavedWorkResponse[]> SavedAsync() =>
        (await Client.GetFromJsonAsync<SavedWorkApi.SavedWorkResponse[]>("/api/workspace/saved"))!;

    [Fact]
    public async Task A_deleted_agents_uncommitted_untracked_and_unmerged_work_is_saved_listed_and_restored()
    {
        _ = ClaudeCli.Path;
        const string branch = "cw/errand-lost";
        var (projectId, name, clone) = await Factory.RegisterProjectAsync(Origin.Path, "lost");
        var agent = await SpawnAsync(projectId, branch,
            $"cd {name} && echo committed > committed.txt && git add committed.txt "
            + "&& git -c user.name=a -c user.email=a@a commit -q -m 'Commit of the agent' "
            + "&& echo edited > README.md && echo new > untracked.txt");
        var committed = InClone(clone, "rev-parse", branch);

        await StopAndDeleteAsync(agent.Id);

        Assert.False(Directory.Exists(agent.WorktreeId));
        var saved = Assert.Single(await SavedAsync(), s => s.AgentId == agent.Id);
        Assert.Equal((projectId, name, false), (saved.ProjectId, saved.Project, saved.ProjectDeleted));
        Assert.StartsWith($"refs/cw/saved/{agent.Id}/", saved.Ref);
        Assert.Equal(3, saved.FilesChanged);
        Assert.Contains("uncommitted work", saved.Summary);
        Assert.Equal(committed, InClone(clone, "rev-parse", $"{saved.Commit}^"));
        // The agent's branch is where the agent left it.
        Assert.Equal(committed, InClone(clone, "rev-parse", branch));

        var restored = await Client.PostAsJsonAsync("/api/workspace/saved/restore",
            new { @ref = saved.Ref, branch = "rescued" });
        Assert.Equal(HttpStatusCode.Created, restored.StatusCode);
        Assert.Equal("edited", InClone(clone, "show", "rescued:README.md"));
        Assert.Equal("new", InClone(clone, "show", "rescued:untracked.txt"));
        Assert.Equal("committed", InClone(clone, "show", "rescued:committed.txt"));

        var again = await Client.PostAsJsonAsync("/api/workspace/saved/restore",
            new { @ref = saved.Ref, branch = "rescued" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("rescued", await again.Content.ReadAsStringAsync());
        var unknown = await Client.PostAsJsonAsync("/api/workspace/saved/restore",
            new { @ref = $"refs/cw/saved/{Ids.New()}/20260101T000000Z", branch = "other" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        var bad = await Client.PostAsJsonAsync("/api/workspace/saved/restore",
            new { @ref = "refs/heads/main", branch = "--force" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("ref", problem);
        Assert.Contains("branch", problem);
    }

    [Fact]
    public async Task A_deleted_agent_that_left_nothing_makes_no_ref()
    {
        _ = ClaudeCli.Path;
        var (projectId, _, clone) = await Factory.RegisterProjectAsync(Origin.Path, "clean");
        var agent = await SpawnAsync(projectId, "cw/errand-clean", "true");

        await StopAndDeleteAsync(agent.Id);

        Assert.False(Directory.Exists(agent.WorktreeId));
        Assert.DoesNotContain(await SavedAsync(), s => s.AgentId == agent.Id);
        Assert.Empty(InClone(clone, "for-each-ref", "refs/cw/saved"));
    }

    [Fact]
    public async Task A_deleted_projects_clone_with_saved_work_is_archived_and_its_work_still_listed_and_restorable()
    {
        _ = ClaudeCli.Path;
        var (projectId, name, clone) = await Factory.RegisterProjectAsync(Origin.Path, "gone");
        var agent = await SpawnAsync(projectId, "cw/errand-gone", $"cd {name} && echo draft > draft.txt");
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/agents/{agent.Id}/stop", null)).StatusCode);

        await Factory.Harness.Bus.Publish(new ProjectDeleted(projectId, 2, DateTimeOffset.UtcNow));

        var archive = Path.Combine(Factory.Home, "workspace", "saved");
        await Eventually.TrueAsync(() => Task.FromResult(!Directory.Exists(clone)
                && Directory.Exists(archive) && Directory.EnumerateDirectories(archive, $"{name}-*").Any()),
            "the clone archived", TimeSpan.FromSeconds(30));
        Assert.False(Directory.Exists(Path.Combine(agent.WorktreeId, name)));
        var saved = Assert.Single(await SavedAsync(), s => s.AgentId == agent.Id);
        Assert.Equal((null, name, true), (saved.ProjectId, saved.Project, saved.ProjectDeleted));

        var restored = await Client.PostAsJsonAsync("/api/workspace/saved/restore",
            new { @ref = saved.Ref, branch = "draft" });
        Assert.Equal(HttpStatusCode.Created, restored.StatusCode);
        var archived = Directory.EnumerateDirectories(archive, $"{name}-*").Single();
        Assert.Equal("draft", InClone(archived, "show", "draft:draft.txt"));
    }

    [Fact]
    public async Task Unmerged_work_lists_branches_with_commits_the_default_branch_lacks()
    {
        Origin.Git("branch", "cw/init-task-a");
        Origin.CommitOn("cw/init-task-a", "a.txt", "a\n");
        Origin.Git("branch", "cw/init-task-merged");
        var (projectId, name, clone) = await Factory.RegisterProjectAsync(Origin.Path, "unm");
        Assert.Equal(HttpStatusCode.OK,
            (await Client.GetAsync($"/api/workspace/projects/{projectId}/branches")).StatusCode);
        InClone(clone, "branch", "cw/init-task-a", "origin/cw/init-task-a");
        InClone(clone, "branch", "cw/init-task-merged", "origin/cw/init-task-merged");
        InClone(clone, "branch", "cw/other-task", "origin/cw/init-task-a");

        var all = await Client.PostAsJsonAsync(
            "/api/workspace/unmerged", new { projects = new[] { new { projectId } } });
        var found = (await all.Content.ReadFromJsonAsync<UnmergedWorkApi.UnmergedResponse>())!;
        Assert.Equal(
            [new UnmergedWorkApi.UnmergedBranch(projectId, name, "cw/init-task-a", 1),
                new UnmergedWorkApi.UnmergedBranch(projectId, name, "cw/other-task", 1)],
            found.Branches);
        Assert.Empty(found.Agents);

        var asked = await Client.PostAsJsonAsync("/api/workspace/unmerged", new
        {
            projects = new[] { new { projectId, branches = new[] { "cw/init-task-merged", "cw/init-task-gone" } } },
            initiativeId = Ids.New(),
        });
        Assert.Empty((await asked.Content.ReadFromJsonAsync<UnmergedWorkApi.UnmergedResponse>())!.Branches);

        var bad = await Client.PostAsJsonAsync("/api/workspace/unmerged",
            new { projects = new[] { new { projectId, branches = new[] { "--all" } } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
