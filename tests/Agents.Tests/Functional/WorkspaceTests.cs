using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>MergeBranches on the command queue, and the diff, commit and disk-usage endpoints.</summary>
public sealed class WorkspaceTests(AgentsFactory factory) : TestsWithOrigin(factory), IClassFixture<AgentsFactory>
{
    private async Task SendAsync(MergeBranches command) =>
        await (await Factory.Harness.Bus.GetSendEndpoint(new Uri($"queue:{AgentQueues.Commands}"))).Send(command);

    [Fact]
    public async Task Branches_merge_without_touching_any_checkout_and_conflicts_are_reported_with_their_files()
    {
        Origin.Git("branch", "phase");
        Origin.Git("branch", "task-a");
        Origin.Git("branch", "task-b");
        Origin.CommitOn("task-a", "a.txt", "a\n", "A");
        Origin.CommitOn("task-b", "README.md", "# changed by b\n", "B");
        Origin.CommitOn("phase", "README.md", "# changed on phase\n", "P");
        var projectId = (await Factory.RegisterProjectAsync(Origin.Path, "ws")).Id;
        var userHead = Origin.Git("rev-parse", "HEAD");

        var merge = new MergeBranches(Ids.New(), projectId, "task-a", "phase");
        await SendAsync(merge);
        var merged = Assert.Single(await Factory.PublishedAsync<BranchesMerged>(m => m.RequestId == merge.RequestId));
        var clone = Path.Combine(Factory.Home, "workspace", "repos", $"ws-{projectId[..6]}");
        Assert.Equal(merged.MergeCommit, Origin.Git("-C", clone, "rev-parse", "phase"));
        Assert.Equal(Origin.Git("-C", clone, "rev-parse", "main"), merged.MergeBase);
        Assert.Equal("a\n", Origin.Git("-C", clone, "show", "phase:a.txt") + "\n");
        Assert.Equal(userHead, Origin.Git("rev-parse", "HEAD"));

        var conflict = new MergeBranches(Ids.New(), projectId, "task-b", "phase");
        await SendAsync(conflict);
        var conflicted = Assert.Single(
            await Factory.PublishedAsync<MergeConflicted>(m => m.RequestId == conflict.RequestId));
        Assert.Equal(["README.md"], conflicted.ConflictFiles);
        Assert.Equal(merged.MergeCommit, Origin.Git("-C", clone, "rev-parse", "phase"));

        var missing = new MergeBranches(Ids.New(), projectId, "no-such-branch", "phase");
        await SendAsync(missing);
        Assert.Contains("no-such-branch",
            Assert.Single(await Factory.PublishedAsync<MergeFailed>(m => m.RequestId == missing.RequestId)).Error);
    }

    [Fact]
    public async Task Diff_and_commits_between_two_branches_and_bad_refs_are_refused()
    {
        Origin.Git("branch", "feature");
        Origin.CommitOn("feature", "new.txt", "new\n", "Add new");
        Origin.CommitOn("main", "other.txt", "main moved\n", "Main moved");
        var projectId = (await Factory.RegisterProjectAsync(Origin.Path, "ws")).Id;

        var diff = await Client.GetFromJsonAsync<WorkspaceApi.DiffResponse>(
            $"/api/workspace/projects/{projectId}/diff?base=main&head=feature");
        Assert.Equal([new WorkspaceApi.DiffFile("A", "new.txt")], diff!.Files);
        Assert.Contains("+new", diff.Patch);
        var commits = await Client.GetFromJsonAsync<WorkspaceApi.CommitResponse[]>(
            $"/api/workspace/projects/{projectId}/commits?base=main&head=feature");
        Assert.Equal(["Add new"], commits!.Select(c => c.Subject));

        var optionAsBase = $"/api/workspace/projects/{projectId}/diff?base=--output=/tmp/x&head=feature";
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync(optionAsBase)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await Client.GetAsync($"/api/workspace/projects/{projectId}/diff?base=main&head=nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await Client.GetAsync($"/api/workspace/projects/{Ids.New()}/commits?base=main&head=feature")).StatusCode);

        var usage = await Client.GetFromJsonAsync<WorkspaceApi.UsageResponse>("/api/workspace/usage");
        Assert.Contains(usage!.Repos, r => r.Name == $"ws-{projectId[..6]}" && r.Bytes > 0);
        Assert.Equal(usage.ReposBytes + usage.AgentsBytes, usage.TotalBytes);
    }

    [Fact]
    public async Task A_spawn_creates_the_branch_chain_and_a_worktree_on_the_task_branch()
    {
        var projectId = (await Factory.RegisterProjectAsync(Origin.Path, "ws")).Id;
        var response = await Client.PostAsJsonAsync("/api/agents", new
        {
            prompt = "Work.",
            projects = new[]
            {
                new
                {
                    projectId, branch = "cw/shop-task-1", baseBranch = "cw/shop-phase-api",
                    ensureBranches = new[]
                    {
                        new { name = "cw/shop", from = "main" }, new { name = "cw/shop-phase-api", from = "cw/shop" },
                    },
                },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var agent = (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
        var clone = Path.Combine(Factory.Home, "workspace", "repos", $"ws-{projectId[..6]}");
        var main = Origin.Git("-C", clone, "rev-parse", "main");
        Assert.All((string[])["cw/shop", "cw/shop-phase-api", "cw/shop-task-1"],
            b => Assert.Equal(main, Origin.Git("-C", clone, "rev-parse", b)));
        Assert.Contains("cw/shop-task-1", Origin.Git("-C", clone, "worktree", "list"));
        Assert.StartsWith(agent.WorktreeId,
            Origin.Git("-C", clone, "worktree", "list").Split('\n').Single(l => l.Contains("cw/shop-task-1")));

        var missingBase = await Client.PostAsJsonAsync("/api/agents", new
        {
            prompt = "Work.",
            projects = new[]
            {
                new
                {
                    projectId,
                    branch = "cw/x-task-2",
                    baseBranch = "no-such-base",
                    ensureBranches = Array.Empty<object>(),
                },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, missingBase.StatusCode);
        Assert.Contains("no-such-base", await missingBase.Content.ReadAsStringAsync());
    }
}
