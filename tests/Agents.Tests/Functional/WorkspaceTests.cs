using Codewalkers.TestSupport;
using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Projects;
using Codewalkers.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>MergeBranches on the command queue, and the diff, commit and disk-usage endpoints.</summary>
public sealed class WorkspaceTests(AgentsFactory factory) : IClassFixture<AgentsFactory>, IDisposable
{
    private readonly TestRepository _repo = new();
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    public void Dispose() => _repo.Dispose();

    private void CommitOn(string branch, string file, string content, string message)
    {
        _repo.Git("checkout", "-q", branch);
        File.WriteAllText(Path.Combine(_repo.Path, file), content);
        _repo.Git("add", "-A");
        _repo.Git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", message);
        _repo.Git("checkout", "-q", "main");
    }

    private async Task SendAsync(MergeBranches command) =>
        await (await factory.Harness.Bus.GetSendEndpoint(new Uri($"queue:{AgentQueues.Commands}"))).Send(command);

    [Fact]
    public async Task Branches_merge_without_touching_any_checkout_and_conflicts_are_reported_with_their_files()
    {
        _repo.Git("branch", "phase");
        _repo.Git("branch", "task-a");
        _repo.Git("branch", "task-b");
        CommitOn("task-a", "a.txt", "a\n", "A");
        CommitOn("task-b", "README.md", "# changed by b\n", "B");
        CommitOn("phase", "README.md", "# changed on phase\n", "P");
        var projectId = (await factory.RegisterProjectAsync(_repo.Path, "ws")).Id;
        var userHead = _repo.Git("rev-parse", "HEAD");

        var merge = new MergeBranches(Ids.New(), projectId, "task-a", "phase");
        await SendAsync(merge);
        var merged = Assert.Single(await factory.PublishedAsync<BranchesMerged>(m => m.RequestId == merge.RequestId));
        var clone = Path.Combine(factory.Home, "workspace", "repos", $"ws-{projectId[..6]}");
        Assert.Equal(merged.MergeCommit, _repo.Git("-C", clone, "rev-parse", "phase"));
        Assert.Equal(_repo.Git("-C", clone, "rev-parse", "main"), merged.MergeBase);
        Assert.Equal("a\n", _repo.Git("-C", clone, "show", "phase:a.txt") + "\n");
        Assert.Equal(userHead, _repo.Git("rev-parse", "HEAD"));

        var conflict = new MergeBranches(Ids.New(), projectId, "task-b", "phase");
        await SendAsync(conflict);
        var conflicted = Assert.Single(await factory.PublishedAsync<MergeConflicted>(m => m.RequestId == conflict.RequestId));
        Assert.Equal(["README.md"], conflicted.ConflictFiles);
        Assert.Equal(merged.MergeCommit, _repo.Git("-C", clone, "rev-parse", "phase"));

        var missing = new MergeBranches(Ids.New(), projectId, "no-such-branch", "phase");
        await SendAsync(missing);
        Assert.Contains("no-such-branch", Assert.Single(await factory.PublishedAsync<MergeFailed>(m => m.RequestId == missing.RequestId)).Error);
    }

    [Fact]
    public async Task Diff_and_commits_between_two_branches_and_bad_refs_are_refused()
    {
        _repo.Git("branch", "feature");
        CommitOn("feature", "new.txt", "new\n", "Add new");
        CommitOn("main", "other.txt", "main moved\n", "Main moved");
        var projectId = (await factory.RegisterProjectAsync(_repo.Path, "ws")).Id;

        var diff = await _client.GetFromJsonAsync<WorkspaceApi.DiffResponse>($"/api/workspace/projects/{projectId}/diff?base=main&head=feature");
        Assert.Equal([new WorkspaceApi.DiffFile("A", "new.txt")], diff!.Files);
        Assert.Contains("+new", diff.Patch);
        var commits = await _client.GetFromJsonAsync<WorkspaceApi.CommitResponse[]>($"/api/workspace/projects/{projectId}/commits?base=main&head=feature");
        Assert.Equal(["Add new"], commits!.Select(c => c.Subject));

        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"/api/workspace/projects/{projectId}/diff?base=--output=/tmp/x&head=feature")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"/api/workspace/projects/{projectId}/diff?base=main&head=nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/workspace/projects/{Ids.New()}/commits?base=main&head=feature")).StatusCode);

        var usage = await _client.GetFromJsonAsync<WorkspaceApi.UsageResponse>("/api/workspace/usage");
        Assert.Contains(usage!.Repos, r => r.Name == $"ws-{projectId[..6]}" && r.Bytes > 0);
        Assert.Equal(usage.ReposBytes + usage.AgentsBytes, usage.TotalBytes);
    }

    [Fact]
    public async Task A_spawn_creates_the_branch_chain_and_a_worktree_on_the_task_branch()
    {
        var projectId = (await factory.RegisterProjectAsync(_repo.Path, "ws")).Id;
        var response = await _client.PostAsJsonAsync("/api/agents", new
        {
            prompt = "Work.",
            projects = new[]
            {
                new
                {
                    projectId, branch = "cw/shop-task-1", baseBranch = "cw/shop-phase-api",
                    ensureBranches = new[] { new { name = "cw/shop", from = "main" }, new { name = "cw/shop-phase-api", from = "cw/shop" } },
                },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var agent = (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
        var clone = Path.Combine(factory.Home, "workspace", "repos", $"ws-{projectId[..6]}");
        var main = _repo.Git("-C", clone, "rev-parse", "main");
        Assert.All((string[])["cw/shop", "cw/shop-phase-api", "cw/shop-task-1"], b => Assert.Equal(main, _repo.Git("-C", clone, "rev-parse", b)));
        Assert.Contains("cw/shop-task-1", _repo.Git("-C", clone, "worktree", "list"));
        Assert.StartsWith(agent.WorktreeId, _repo.Git("-C", clone, "worktree", "list").Split('\n').Single(l => l.Contains("cw/shop-task-1")));

        var missingBase = await _client.PostAsJsonAsync("/api/agents", new
        {
            prompt = "Work.", projects = new[] { new { projectId, branch = "cw/x-task-2", baseBranch = "no-such-base", ensureBranches = Array.Empty<object>() } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, missingBase.StatusCode);
        Assert.Contains("no-such-base", await missingBase.Content.ReadAsStringAsync());
    }
}
