using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// What Planning's orchestration asks of Agents: pushed merges, pushes, spawn failures, agents on the default branch.
/// </summary>
[Collection(nameof(ClaudeAgents))]
public sealed class OrchestrationTests(AgentsFactory factory) : TestsWithOrigin(factory)
{
    private async Task<T> ReplyAsync<T>(Func<T, bool> match) where T : class =>
        Assert.Single(await Factory.PublishedAsync(match));

    [Fact]
    public async Task A_pushed_merge_first_catches_up_with_origin_and_a_diverged_target_is_refused_untouched()
    {
        Origin.Git("branch", "phase");
        foreach (var task in (string[])["task-a", "task-b", "task-c", "task-d"]) Origin.Git("branch", task);
        Origin.CommitOn("task-a", "a.txt", "a\n");
        Origin.CommitOn("task-b", "b.txt", "b\n");
        Origin.CommitOn("task-c", "c.txt", "c\n");
        Origin.CommitOn("task-d", "d.txt", "d\n");
        var (projectId, _, clone) = await Factory.RegisterProjectAsync(Origin.Path, "orc");

        var first = new MergeBranches(Ids.New(), projectId, "task-a", "phase", PushTarget: true);
        await Factory.SendCommandAsync(first);
        var merged = await ReplyAsync<BranchesMerged>(m => m.RequestId == first.RequestId);
        Assert.True(merged.Pushed);
        Assert.Equal(merged.MergeCommit, Origin.Git("rev-parse", "phase"));

        // Someone else moves origin's phase: the clone's phase is now behind and must catch up before merging.
        var external = Origin.CommitOn("phase", "external.txt", "x\n");
        var second = new MergeBranches(Ids.New(), projectId, "task-b", "phase", PushTarget: true);
        await Factory.SendCommandAsync(second);
        var caughtUp = await ReplyAsync<BranchesMerged>(m => m.RequestId == second.RequestId);
        Assert.Equal(caughtUp.MergeCommit, Origin.Git("rev-parse", "phase"));
        Assert.Equal(external, Origin.Git("rev-parse", "phase^1"));
        Assert.Equal("x\n", Origin.Git("show", "phase:external.txt") + "\n");

        // A local merge nobody pushed, and a new commit on origin: the two have diverged, and nothing moves.
        var local = new MergeBranches(Ids.New(), projectId, "task-c", "phase");
        await Factory.SendCommandAsync(local);
        Assert.False((await ReplyAsync<BranchesMerged>(m => m.RequestId == local.RequestId)).Pushed);
        var originPhase = Origin.CommitOn("phase", "other.txt", "o\n");
        var clonePhase = Origin.Git("-C", clone, "rev-parse", "phase");
        var diverged = new MergeBranches(Ids.New(), projectId, "task-d", "phase", PushTarget: true);
        await Factory.SendCommandAsync(diverged);
        Assert.Contains("diverged", (await ReplyAsync<MergeFailed>(m => m.RequestId == diverged.RequestId)).Error);
        Assert.Equal(clonePhase, Origin.Git("-C", clone, "rev-parse", "phase"));
        Assert.Equal(originPhase, Origin.Git("rev-parse", "phase"));
    }

    [Fact]
    public async Task A_push_to_a_checked_out_branch_is_refused_and_rolled_back_until_the_origin_accepts_it()
    {
        Origin.Git("branch", "feature");
        Origin.CommitOn("feature", "f.txt", "f\n");
        var (projectId, _, clone) = await Factory.RegisterProjectAsync(Origin.Path, "orc");
        var originMain = Origin.Git("rev-parse", "main");

        // The origin is a non-bare repository with main checked out: git refuses the push (receive.denyCurrentBranch).
        var refused = new MergeBranches(Ids.New(), projectId, "feature", "main", PushTarget: true);
        await Factory.SendCommandAsync(refused);
        var failed = await ReplyAsync<MergeFailed>(m => m.RequestId == refused.RequestId);
        Assert.Contains("push", failed.Error);
        Assert.Equal(originMain, Origin.Git("-C", clone, "rev-parse", "main"));
        Assert.Equal(originMain, Origin.Git("rev-parse", "main"));

        Origin.Git("config", "receive.denyCurrentBranch", "updateInstead");
        var accepted = new MergeBranches(Ids.New(), projectId, "feature", "main", PushTarget: true);
        await Factory.SendCommandAsync(accepted);
        var merged = await ReplyAsync<BranchesMerged>(m => m.RequestId == accepted.RequestId);
        Assert.True(merged.Pushed);
        Assert.Equal(merged.MergeCommit, Origin.Git("rev-parse", "main"));
        Assert.Equal("f\n", File.ReadAllText(Path.Combine(Origin.Path, "f.txt")));
    }

    [Fact]
    public async Task PushBranch_pushes_a_branch_of_the_clone_and_reports_what_git_refuses()
    {
        Origin.Git("branch", "phase");
        Origin.Git("branch", "task");
        Origin.CommitOn("task", "t.txt", "t\n");
        var (projectId, _, clone) = await Factory.RegisterProjectAsync(Origin.Path, "orc");
        var merge = new MergeBranches(Ids.New(), projectId, "task", "phase");
        await Factory.SendCommandAsync(merge);
        var merged = await ReplyAsync<BranchesMerged>(m => m.RequestId == merge.RequestId);
        Assert.NotEqual(merged.MergeCommit, Origin.Git("rev-parse", "phase"));

        var push = new PushBranch(Ids.New(), projectId, "phase");
        await Factory.SendCommandAsync(push);
        Assert.Equal(merged.MergeCommit, (await ReplyAsync<BranchPushed>(m => m.RequestId == push.RequestId)).Commit);
        Assert.Equal(merged.MergeCommit, Origin.Git("rev-parse", "phase"));

        var missing = new PushBranch(Ids.New(), projectId, "no-such-branch");
        await Factory.SendCommandAsync(missing);
        Assert.Contains("no-such-branch", (await ReplyAsync<PushFailed>(m => m.RequestId == missing.RequestId)).Error);

        // origin's phase moves on: the clone's is no longer ahead, and a push never overwrites someone's commits.
        var theirs = Origin.CommitOn("phase", "theirs.txt", "t\n");
        Origin.Git("-C", clone, "update-ref", "refs/heads/phase", Origin.Git("-C", clone, "rev-parse", "origin/task"));
        var stale = new PushBranch(Ids.New(), projectId, "phase");
        await Factory.SendCommandAsync(stale);
        Assert.Contains("push", (await ReplyAsync<PushFailed>(m => m.RequestId == stale.RequestId)).Error);
        Assert.Equal(theirs, Origin.Git("rev-parse", "phase"));
    }

    [Fact]
    public async Task A_SpawnAgent_that_cannot_start_is_answered_with_AgentSpawnFailed_and_leaves_nothing_behind()
    {
        var projectId = (await Factory.RegisterProjectAsync(Origin.Path, "orc")).Id;
        SpawnAgent Command(string mode, string project, string baseBranch) => new(
            Ids.New(), mode, "Work.", null, "task-9", "phase-9", "init-9", null,
            [new AgentWorkspaceProject(project, "cw/x-task-9", baseBranch, [])], [], []);
        var unknownProject = Command("execute", Ids.New(), "main");
        var missingBase = Command("execute", projectId, "no-such-base");
        var badMode = Command("dance", projectId, "main");
        foreach (var command in (SpawnAgent[])[unknownProject, missingBase, badMode])
            await Factory.SendCommandAsync(command);

        var failures = await Factory.PublishedAsync<AgentSpawnFailed>(
            f => f.RequestId == unknownProject.RequestId
                || f.RequestId == missingBase.RequestId
                || f.RequestId == badMode.RequestId,
            count: 3);
        Assert.Contains(
            unknownProject.Projects[0].ProjectId, failures.Single(f => f.RequestId == unknownProject.RequestId).Error);
        Assert.Contains("no-such-base", failures.Single(f => f.RequestId == missingBase.RequestId).Error);
        Assert.Contains(
            "mode", failures.Single(f => f.RequestId == badMode.RequestId).Error, StringComparison.OrdinalIgnoreCase);
        Assert.All(failures, f => Assert.Equal(
            ("task-9", "phase-9", "init-9"), (f.Context.TaskId, f.Context.PhaseId, f.Context.InitiativeId)));
        var requestIds = failures.Select(f => f.RequestId).ToList();
        Assert.False(await Factory.QueryAsync(db => db.Agents.AnyAsync(a => requestIds.Contains(a.RequestId))));
        var agentsRoot = Path.Combine(Factory.Home, "workspace", "agents");
        Assert.DoesNotContain(Directory.Exists(agentsRoot) ? Directory.GetDirectories(agentsRoot) : [],
            d => !File.Exists(Path.Combine(d, ".cw", "PROMPT.md")));
    }

    [Fact]
    public async Task Planning_agents_share_the_default_branch_detached_at_origins_tip_and_new_branches_start_from_it()
    {
        _ = ClaudeCli.Path;
        var (projectId, _, clone) = await Factory.RegisterProjectAsync(Origin.Path, "orc");
        var warmUp = new PushBranch(Ids.New(), projectId, "main");
        await Factory.SendCommandAsync(warmUp); // makes the clone
        await ReplyAsync<BranchPushed>(m => m.RequestId == warmUp.RequestId);
        // As clones made before the clone's checkout was detached: main checked out in the clone itself.
        Origin.Git("-C", clone, "checkout", "-q", "main");
        var fresh = Origin.CommitOn("main", "fresh.txt", "fresh\n");
        var name = Path.GetFileName(clone);

        var markers = new[] { $"m-{Ids.New()}", $"m-{Ids.New()}" };
        foreach (var marker in markers)
            Factory.Api.Script(marker,
                Steps.Bash($"git -C {name} rev-parse HEAD > .cw/output/head.txt "
                    + $"&& (git -C {name} symbolic-ref -q HEAD || echo detached) >> .cw/output/head.txt"),
                Steps.Signal(new { status = "done", result = new { message = "read" } }),
                Steps.Say("Done."));
        var spawned = new List<AgentResponse>();
        foreach (var (marker, mode) in markers.Zip((string[])["discuss", "plan"]))
        {
            var response = await Client.PostAsJsonAsync("/api/agents", new
            {
                mode, prompt = $"Scenario {marker}.", requiredOutputs = new[] { "head.txt" },
                projects = new[]
                {
                    new { projectId, branch = "main", baseBranch = "main", ensureBranches = Array.Empty<object>() },
                },
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            spawned.Add((await response.Content.ReadFromJsonAsync<AgentResponse>())!);
        }
        foreach (var agent in spawned)
        {
            await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped);
            var completed = Assert.Single(await Factory.PublishedAsync<AgentCompleted>(c => c.AgentId == agent.Id));
            Assert.Equal($"{fresh}\ndetached", completed.Outputs.Single(o => o.Path == "head.txt").Content.Trim());
        }

        var execute = await Client.PostAsJsonAsync("/api/agents", new
        {
            mode = "execute", prompt = "Never launched far: the branches are checked at once.",
            projects = new[]
            {
                new { projectId, branch = "main", baseBranch = "main", ensureBranches = Array.Empty<object>() },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, execute.StatusCode);

        // A branch created from the default branch starts at origin's tip, not at the clone's stale local main, even
        // right after other spawns fetched (a fetch is reused for other spawns, never for this).
        var newer = Origin.CommitOn("main", "newer.txt", "newer\n");
        var last = $"m-{Ids.New()}";
        Factory.Api.Script(last,
            Steps.Signal(new { status = "done", result = new { message = "nothing to do" } }), Steps.Say("Done."));
        var ensured = await Client.PostAsJsonAsync("/api/agents", new
        {
            mode = "execute", prompt = $"Scenario {last}.",
            projects = new[]
            {
                new
                {
                    projectId, branch = "cw/fresh-task-1", baseBranch = "cw/fresh",
                    ensureBranches = new[] { new { name = "cw/fresh", from = "main" } },
                },
            },
        });
        Assert.Equal(HttpStatusCode.Created, ensured.StatusCode);
        Assert.Equal(newer, Origin.Git("-C", clone, "rev-parse", "cw/fresh"));
        Assert.Equal(newer, Origin.Git("-C", clone, "rev-parse", "main"));
        await Factory.WaitForStatusAsync(
            Client, (await ensured.Content.ReadFromJsonAsync<AgentResponse>())!.Id, AgentStatuses.Stopped);
    }
}
