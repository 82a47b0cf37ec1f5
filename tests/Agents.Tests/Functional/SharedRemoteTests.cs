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
/// Two runners, each with its own workspace (its own clone of the project) and its own command queue, so a test
/// decides which runner takes each command: branches move between them only through the shared remote
/// (<c>Agents:SharedRemote</c>, a directory of bare repositories). Without it the second runner does not know the first
/// one's branches.
/// </summary>
public sealed class SharedRemoteTests : IAsyncLifetime
{
    private readonly string _remotes = Directory.CreateTempSubdirectory("cw-shared-remotes-").FullName;
    private readonly GitRepository _origin = new();
    private RunnerFactory _a = null!, _b = null!;

    private sealed class RunnerFactory(string runnerId, string? sharedRemote) : AgentsFactory
    {
        protected override IDictionary<string, string> Settings => sharedRemote is null
            ? new Dictionary<string, string> { ["Agents:RunnerId"] = runnerId }
            : new Dictionary<string, string> { ["Agents:RunnerId"] = runnerId, ["Agents:SharedRemote"] = sharedRemote };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task StartRunnersAsync(bool shared)
    {
        _a = new RunnerFactory("runner-a", shared ? _remotes : null);
        _b = new RunnerFactory("runner-b", shared ? _remotes : null);
        await _a.InitializeAsync();
        await _b.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var runner in new IAsyncLifetime?[] { _a, _b }.OfType<IAsyncLifetime>()) await runner.DisposeAsync();
        _origin.Dispose();
        try { Directory.Delete(_remotes, recursive: true); }
        catch (IOException) { }
    }

    [Fact]
    public async Task A_task_branch_made_on_one_runner_is_merged_spawned_from_and_pushed_by_the_other()
    {
        _ = ClaudeCli.Path;
        await StartRunnersAsync(shared: true);
        var (projectId, name) = await RegisterOnBothAsync();

        // An agent on A commits on its task branch; the phase branch is made by its spawn (EnsureBranches).
        await CommitOneOnRunnerAAsync(projectId, name);
        // Published only once its branch is on the shared remote.
        Assert.Contains("one.txt", Bare("ls-tree", "--name-only", "cw/task-1"));

        // B, whose clone has neither branch, merges A's task into the phase branch.
        var merged = Assert.IsType<BranchesMerged>(await MergeAsync(_b, projectId, "cw/task-1", "cw/phase"));
        Assert.Equal(merged.MergeCommit, Bare("rev-parse", "cw/phase"));

        // A spawns the next task from the phase branch: it sees B's merge (A's own phase branch did not have it).
        var second = await SpawnAsync(_a, projectId, "cw/task-2",
            Steps.Bash($"cat {name}/one.txt > .cw/output/seen.txt && cd {name} && echo two > two.txt && git add -A"
                + " && git -c user.name=a -c user.email=a@a commit -q -m two"),
            Steps.Signal(new { status = "done", result = new { message = "two" } }), Steps.Say("Done."));
        var completed = Assert.Single(await _a.PublishedAsync<AgentCompleted>(c => c.AgentId == second));
        Assert.Equal("one", completed.Outputs.Single(o => o.Path == "seen.txt").Content.Trim());

        // A merges its second task on top of B's merge, then B pushes the phase branch: origin gets both.
        var onTop = Assert.IsType<BranchesMerged>(await MergeAsync(_a, projectId, "cw/task-2", "cw/phase"));
        Assert.Equal(merged.MergeCommit, Bare("rev-parse", $"{onTop.MergeCommit}^1"));
        var push = new PushBranch(Ids.New(), projectId, "cw/phase");
        await _b.SendCommandAsync(push);
        var pushed = Assert.Single(await _b.PublishedAsync<BranchPushed>(p => p.RequestId == push.RequestId));
        Assert.Equal(onTop.MergeCommit, pushed.Commit);
        Assert.Equal(["README.md", "one.txt", "two.txt"],
            _origin.Git("ls-tree", "--name-only", "cw/phase").Split('\n'));
    }

    [Fact]
    public async Task Merges_into_one_branch_taken_by_both_runners_at_once_all_land()
    {
        await StartRunnersAsync(shared: true);
        var (projectId, _) = await RegisterOnBothAsync();
        _origin.Git("branch", "cw/phase");
        var tasks = Enumerable.Range(1, 6).Select(i => $"cw/task-{i}").ToList();
        foreach (var task in tasks)
        {
            _origin.Git("branch", task, "main");
            _origin.CommitOn(task, $"{task.Replace('/', '-')}.txt", $"{task}\n");
        }

        // Three merges each, sent to both runners at once: a push refused because the other runner moved the phase
        // branch meanwhile is merged again on top of it.
        var replies = await Task.WhenAll(tasks.Select((task, i) => MergeAsync(i % 2 == 0 ? _a : _b, projectId, task,
            "cw/phase")));

        Assert.All(replies, reply => Assert.IsType<BranchesMerged>(reply));
        Assert.Equal(
            ["README.md", .. tasks.Select(t => $"{t.Replace('/', '-')}.txt")],
            Bare("ls-tree", "--name-only", "cw/phase").Split('\n').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Without_a_shared_remote_a_runner_does_not_know_the_other_runners_task_branch()
    {
        _ = ClaudeCli.Path;
        await StartRunnersAsync(shared: false);
        var (projectId, name) = await RegisterOnBothAsync();
        await CommitOneOnRunnerAAsync(projectId, name);

        var failed = Assert.IsType<MergeFailed>(await MergeAsync(_b, projectId, "cw/task-1", "cw/phase"));
        Assert.Contains("does not exist", failed.Error);
        Assert.False(Directory.Exists(Path.Combine(_remotes, $"{projectId}.git")));
    }

    /// <summary>The project announced to both runners under one id, as Planning's event reaches every runner.</summary>
    private async Task<(string Id, string Name)> RegisterOnBothAsync()
    {
        var id = Ids.New();
        var name = $"shared-{id[..6]}";
        foreach (var runner in new[] { _a, _b })
        {
            await runner.Harness.Bus.Publish(new ProjectRegistered(id, name, _origin.Path, "main", 1,
                DateTimeOffset.UtcNow));
            await Eventually.ValueAsync(() => runner.QueryAsync(db => db.Projects.AnyAsync(p => p.Id == id)),
                known => known, "project view");
        }
        return (id, name);
    }

    private static async Task<string> SpawnAsync(RunnerFactory runner, string projectId, string branch,
        params Func<string, Reply>[] steps)
    {
        var marker = $"m-{Ids.New()}";
        runner.Api.Script(marker, steps);
        var response = await runner.CreateAuthorizedClient().PostAsJsonAsync("/api/agents", new
        {
            mode = "execute", prompt = $"Scenario {marker}.",
            requiredOutputs = branch == "cw/task-2" ? new[] { "seen.txt" } : [],
            projects = new[]
            {
                new
                {
                    projectId, branch, baseBranch = "cw/phase",
                    ensureBranches = new[] { new { name = "cw/phase", from = "main" } },
                },
            },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AgentResponse>())!.Id;
    }

    private static async Task<object> MergeAsync(RunnerFactory runner, string projectId, string source,
        string target)
    {
        var merge = new MergeBranches(Ids.New(), projectId, source, target);
        await runner.SendCommandAsync(merge);
        return await Eventually.ValueAsync(() => Task.FromResult(runner.Harness.Published.Select<object>()
                .Select(m => m.Context.Message)
                .FirstOrDefault(m => m is BranchesMerged b && b.RequestId == merge.RequestId
                    || m is MergeConflicted c && c.RequestId == merge.RequestId
                    || m is MergeFailed f && f.RequestId == merge.RequestId)),
            reply => reply is not null, $"reply to {merge.RequestId}", TimeSpan.FromSeconds(60))
            ?? throw new InvalidOperationException();
    }

    /// <summary>git in the project's bare repository of the shared remote.</summary>
    private string Bare(params string[] args) =>
        _origin.Git(["-C", Directory.GetDirectories(_remotes, "*.git").Single(), .. args]);

    /// <summary>An agent on runner A commits one.txt on <c>cw/task-1</c> and completes.</summary>
    private async Task CommitOneOnRunnerAAsync(string projectId, string name)
    {
        var agent = await SpawnAsync(_a, projectId, "cw/task-1",
            Steps.Bash($"cd {name} && echo one > one.txt && git add -A"
                + " && git -c user.name=a -c user.email=a@a commit -q -m one"),
            Steps.Signal(new { status = "done", result = new { message = "one" } }), Steps.Say("Done."));
        await _a.PublishedAsync<AgentCompleted>(c => c.AgentId == agent);
    }
}
