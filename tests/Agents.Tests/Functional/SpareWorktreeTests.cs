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
/// The next task of a phase starts in the clone's spare worktree, brought to the phase branch as merged; the spare is
/// the worktree a finished task left clean, or, when none did, one checked out anew.
/// </summary>
[Collection(nameof(ClaudeAgents))]
public sealed class SpareWorktreeTests(AgentsFactory factory) : TestsWithOrigin(factory)
{
    private async Task<AgentResponse> RunAsync(string projectId, string branch, string marker, string[] requiredOutputs)
    {
        var response = await Client.PostAsJsonAsync("/api/agents", new
        {
            mode = "execute", prompt = $"Scenario {marker}.", requiredOutputs,
            projects = new[]
            {
                new
                {
                    projectId, branch, baseBranch = "phase",
                    ensureBranches = new[] { new { name = "phase", from = "main" } },
                },
            },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var agent = (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
        return await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped);
    }

    private string[] SparesOf(string name)
    {
        var root = Path.Combine(Factory.Home, "workspace", "spares");
        return Directory.Exists(root) ? [.. Directory.EnumerateDirectories(root, $"{name}-*")] : [];
    }

    [Fact]
    public async Task A_task_started_from_the_spare_is_on_its_own_branch_at_the_merged_phase_tip_with_a_clean_checkout()
    {
        _ = ClaudeCli.Path;
        var (projectId, name, clone) = await Factory.RegisterProjectAsync(Origin.Path, "spare");
        var first = $"m-{Ids.New()}";
        Factory.Api.Script(first,
            Steps.Bash($"cd {name} && echo one > one.txt && git add -A"
                + " && git -c user.name=a -c user.email=a@a commit -q -m one"
                + " && cat .git > ../.cw/output/gitdir.txt"),
            Steps.Signal(new { status = "done", result = new { message = "one" } }), Steps.Say("Done."));
        var firstAgent = await RunAsync(projectId, "cw/spare-task-1", first, ["gitdir.txt"]);
        var firstGitDir = Assert.Single(await Factory.PublishedAsync<AgentCompleted>(c => c.AgentId == firstAgent.Id))
            .Outputs.Single(o => o.Path == "gitdir.txt").Content.Trim();
        // The first task's worktree, left clean, is not removed but kept as the spare (on its branch until taken).
        await Eventually.TrueAsync(
            () => Task.FromResult(
                SparesOf(name).Length == 1 && !Directory.Exists(Path.Combine(firstAgent.WorktreeId, name))),
            "the finished worktree becomes the spare");
        Assert.Equal("cw/spare-task-1", Origin.Git("-C", SparesOf(name)[0], "rev-parse", "--abbrev-ref", "HEAD"));

        var merge = new MergeBranches(Ids.New(), projectId, "cw/spare-task-1", "phase");
        await Factory.SendCommandAsync(merge);
        var merged = Assert.Single(await Factory.PublishedAsync<BranchesMerged>(m => m.RequestId == merge.RequestId));

        var second = $"m-{Ids.New()}";
        Factory.Api.Script(second,
            Steps.Bash($"(git -C {name} rev-parse --abbrev-ref HEAD && git -C {name} rev-parse HEAD"
                + $" && cat {name}/one.txt && git -C {name} status --porcelain && cat {name}/.git)"
                + " > .cw/output/seen.txt"),
            Steps.Signal(new { status = "done", result = new { message = "seen" } }), Steps.Say("Done."));
        var agent = await RunAsync(projectId, "cw/spare-task-2", second, ["seen.txt"]);

        var completed = Assert.Single(await Factory.PublishedAsync<AgentCompleted>(c => c.AgentId == agent.Id));
        var seen = completed.Outputs.Single(o => o.Path == "seen.txt").Content.Trim().Split('\n');
        Assert.Equal("cw/spare-task-2", seen[0]);
        Assert.Equal(merged.MergeCommit, seen[1]);
        Assert.Equal("one", seen[2]);
        // Nothing uncommitted (status printed nothing), and the worktree is the first task's, recycled.
        Assert.Equal(4, seen.Length);
        Assert.Equal(firstGitDir, seen[3]);
        Assert.Equal(merged.MergeCommit, Origin.Git("-C", clone, "rev-parse", "cw/spare-task-2"));
    }

    [Fact]
    public async Task Deleting_a_project_removes_its_spare_worktree_with_its_clone()
    {
        _ = ClaudeCli.Path;
        var (projectId, name, clone) = await Factory.RegisterProjectAsync(Origin.Path, "spdel");
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Signal(new { status = "done", result = new { message = "nothing to do" } }), Steps.Say("Done."));
        await RunAsync(projectId, "cw/spdel-task-1", marker, []);
        await Eventually.TrueAsync(
            () => Task.FromResult(SparesOf(name).Length == 1), "the finished worktree becomes the spare");

        await Factory.Harness.Bus.Publish(new ProjectDeleted(projectId, 2, DateTimeOffset.UtcNow));

        // The sweep runs every 0.5 s here; 30 s, not 10: in one CI run under load the removal (worktree list, saved-work
        // check, directory delete) took longer than 10 s, and passed at once when run alone.
        await Eventually.TrueAsync(
            () => Task.FromResult(!Directory.Exists(clone) && SparesOf(name).Length == 0), "clone and spare removed",
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_worktree_holding_ignored_files_is_removed_and_a_fresh_spare_is_checked_out_instead()
    {
        _ = ClaudeCli.Path;
        Origin.CommitOn("main", ".gitignore", "*.log\n");
        var (projectId, name, _) = await Factory.RegisterProjectAsync(Origin.Path, "spign");
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Bash($"echo built > {name}/build.log"),
            Steps.Signal(new { status = "done", result = new { message = "built" } }), Steps.Say("Done."));
        var agent = await RunAsync(projectId, "cw/spign-task-1", marker, []);

        // Build output is not uncommitted work (the agent completes, its worktree goes), but the next task must not
        // inherit it: the spare is a new checkout of the phase branch, made once no worktree was handed on. (git makes
        // the spare's directory before its files: it is ready once the tracked files are there.)
        await Eventually.TrueAsync(() => Task.FromResult(!Directory.Exists(Path.Combine(agent.WorktreeId, name))
            && SparesOf(name) is [var made]
            && File.Exists(Path.Combine(made, ".gitignore"))
            && File.Exists(Path.Combine(made, "README.md"))),
            "the worktree is removed and a spare is checked out");
        Assert.False(File.Exists(Path.Combine(SparesOf(name)[0], "build.log")));
    }
}
