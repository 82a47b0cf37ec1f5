using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// A task's retry after its agent died: the new agent on the task's branch takes over the worktree the dead one left
/// (git refuses a second worktree on a branch), with its commits and what it left uncommitted. The first agent is the
/// real Claude CLI killed for real: SIGKILL to its whole process group.
/// </summary>
[Collection(nameof(ClaudeAgents))]
public sealed class CrashTakeoverTests(AgentsFactory factory) : TestsWithOrigin(factory)
{
    [Fact]
    public async Task The_retry_of_a_killed_agents_task_continues_in_its_worktree_with_its_commits_and_uncommitted_files()
    {
        var (projectId, name, clone) = await Factory.RegisterProjectAsync(Origin.Path, "crash");
        var crashed = await CrashOnBranchAsync(projectId, name, "cw/crash-task-1");

        var (_, seen) = await RetryAsync(projectId, name, "cw/crash-task-1");

        Assert.Equal(
            ["cw/crash-task-1", "Work before the crash", "initial", "left uncommitted", "?? uncommitted.txt"], seen);
        // Moved, not copied: the crashed agent's directory keeps its logs, not a second worktree on the branch.
        Assert.False(Directory.Exists(Path.Combine(crashed.WorktreeId, name)));
        Assert.True(File.Exists(Path.Combine(crashed.WorktreeId, ".cw", "logs", "output.jsonl")));
        Assert.Equal("Finish the work", Origin.Git("-C", clone, "log", "-1", "--format=%s", "cw/crash-task-1"));
    }

    [Fact]
    public async Task A_worktree_git_will_not_move_is_released_its_uncommitted_work_committed_on_the_branch()
    {
        var (projectId, name, clone) = await Factory.RegisterProjectAsync(Origin.Path, "locked");
        var crashed = await CrashOnBranchAsync(projectId, name, "cw/locked-task-1");
        // git moves no locked worktree
        Origin.Git("-C", clone, "worktree", "lock", Path.Combine(crashed.WorktreeId, name));

        var (_, seen) = await RetryAsync(projectId, name, "cw/locked-task-1");

        Assert.Equal(
            [
                "cw/locked-task-1",
                $"WIP: uncommitted work of agent {crashed.Name}, kept for the next run of its task",
                "Work before the crash",
                "initial",
                "left uncommitted",
            ],
            seen); // and nothing left uncommitted
    }

    [Fact]
    public async Task The_clones_spare_worktree_stays_when_a_retry_needs_the_existing_task_branch_instead()
    {
        var (projectId, name, _) = await Factory.RegisterProjectAsync(Origin.Path, "spare");
        await CrashOnBranchAsync(projectId, name, "cw/spare-task-1", fromPhase: true);
        // The first task of the phase asked for a spare; with no agent left in the clone it is checked out.
        var spares = Path.Combine(Factory.Home, "workspace", "spares");
        var spare = await Eventually.ValueAsync(
            () => Task.FromResult(Directory.Exists(spares) ? Directory.GetDirectories(spares, $"{name}-*") : []),
            found => found.Length == 1, "the clone's spare worktree", TimeSpan.FromSeconds(30));

        var (_, seen) = await RetryAsync(projectId, name, "cw/spare-task-1", fromPhase: true);

        Assert.Equal("Work before the crash", seen[1]);
        Assert.True(Directory.Exists(spare[0]), "the spare was dropped by a spawn it could not serve");
    }

    [Fact]
    public async Task A_spawn_on_a_branch_an_agent_still_works_on_is_refused_saying_which_agent_holds_it()
    {
        var (projectId, name, _) = await Factory.RegisterProjectAsync(Origin.Path, "busy");
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Signal(
                new { status = "questions", questions = new[] { new { id = "q1", question = "Which one?" } } }),
            Steps.Say("Waiting."));
        var waiting = await SpawnAsync(projectId, "cw/busy-task-1", marker, []);
        var agent = await Factory.WaitForStatusAsync(Client, waiting.AgentId, AgentStatuses.WaitingForInput);

        var second = Spawn(projectId, "cw/busy-task-1", $"m-{Ids.New()}", []);
        await Factory.SendCommandAsync(second);

        var refused = Assert.Single(
            await Factory.PublishedAsync<AgentSpawnFailed>(f => f.RequestId == second.RequestId));
        Assert.Contains($"checked out by agent {agent.Name}, which is still at work on it", refused.Error);
        Assert.True(Directory.Exists(Path.Combine(agent.WorktreeId, name)), "the waiting agent keeps its worktree");
    }

    /// <summary>
    /// An agent on <paramref name="branch"/> that commits, leaves a file uncommitted and is killed; returned crashed.
    /// </summary>
    private async Task<Codewalkers.Agents.Apis.AgentResponse> CrashOnBranchAsync(
        string projectId, string name, string branch, bool fromPhase = false)
    {
        _ = ClaudeCli.Path;
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            BashIn(root => $"cd {root}/{name} && echo before > before.txt && git add before.txt "
                + "&& git -c user.name=a -c user.email=a@a commit -q -m 'Work before the crash' "
                + "&& echo 'left uncommitted' > uncommitted.txt"),
            // The wrapper leads the agent's process group:
            // wrapper, CLI and this shell die at once, no exit code written.
            BashIn(root => $"kill -9 -- -$(cat {root}/.cw/logs/pid.1)"),
            Steps.Say("Not reached."));
        var spawned = await SpawnAsync(projectId, branch, marker, [], fromPhase);
        return await Factory.WaitForStatusAsync(Client, spawned.AgentId, AgentStatuses.Crashed);
    }

    /// <summary>
    /// A second agent on the branch, as the task's retry; returns it and what it saw in its worktree (branch, log,
    /// file, status).
    /// </summary>
    private async Task<(Codewalkers.Agents.Apis.AgentResponse Agent, string[] Seen)> RetryAsync(
        string projectId, string name, string branch, bool fromPhase = false)
    {
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            BashIn(root => $"cd {root}/{name} && (git rev-parse --abbrev-ref HEAD && git log --format=%s "
                + "&& cat uncommitted.txt && git status --porcelain) "
                + $"> {root}/.cw/output/seen.txt && git add -A "
                + "&& git -c user.name=a -c user.email=a@a commit -q -m 'Finish the work'"),
            Steps.Signal(new { status = "done", result = new { message = "continued" } }), Steps.Say("Done."));
        var spawned = await SpawnAsync(projectId, branch, marker, ["seen.txt"], fromPhase);
        var agent = await Factory.WaitForStatusAsync(Client, spawned.AgentId, AgentStatuses.Stopped);
        var completed = Assert.Single(await Factory.PublishedAsync<AgentCompleted>(c => c.AgentId == agent.Id));
        return (agent, completed.Outputs.Single(o => o.Path == "seen.txt").Content.Trim().Split('\n'));
    }

    private async Task<AgentSpawned> SpawnAsync(
        string projectId, string branch, string marker, string[] requiredOutputs, bool fromPhase = false)
    {
        var spawn = Spawn(projectId, branch, marker, requiredOutputs, fromPhase);
        await Factory.SendCommandAsync(spawn);
        AgentSpawnFailed? Refusal() =>
            Factory.Harness.Published.Select<AgentSpawnFailed>().Select(m => m.Context.Message)
                .FirstOrDefault(f => f.RequestId == spawn.RequestId);
        AgentSpawned? Spawned() =>
            Factory.Harness.Published.Select<AgentSpawned>().Select(m => m.Context.Message)
                .FirstOrDefault(s => s.RequestId == spawn.RequestId);
        await Eventually.TrueAsync(
            () => Task.FromResult(Refusal() is not null || Spawned() is not null),
            "the spawn answered",
            TimeSpan.FromSeconds(60));
        Assert.Null(Refusal()?.Error);
        return Spawned()!;
    }

    /// <summary>
    /// A task's spawn on <paramref name="branch"/>, made from main, or <paramref name="fromPhase"/> from a phase
    /// branch made from main.
    /// </summary>
    private static SpawnAgent Spawn(
        string projectId, string branch, string marker, string[] requiredOutputs, bool fromPhase = false) =>
        new(Ids.New(), "execute", $"Scenario {marker}.", null, "task-1", null, null, null,
            [
                fromPhase
                    ? new AgentWorkspaceProject(projectId, branch, "phase", [new BranchSpec("phase", "main")])
                    : new AgentWorkspaceProject(projectId, branch, "main", []),
            ],
            [], requiredOutputs);

    /// <summary>
    /// A shell command given the agent's directory (the CLI's Bash tool keeps the directory a command moved to).
    /// </summary>
    private static Func<string, Reply> BashIn(Func<string, string> command) =>
        root => new Reply.Tools(new ToolCall("Bash", new { command = command(root), description = "run" }));
}
