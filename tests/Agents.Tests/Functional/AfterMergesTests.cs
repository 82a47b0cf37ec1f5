using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// A dependent task's spawn names the merges of its dependencies into the phase branch (SpawnAgent.AfterMerges):
/// it starts only once they merged, from a phase branch that has their work,
/// and is refused as retryable if one conflicted.
/// </summary>
[Collection(nameof(ClaudeAgents))]
public sealed class AfterMergesTests(AgentsFactory factory) : TestsWithOrigin(factory)
{
    private static SpawnAgent Dependent(string projectId, string marker, params string[] afterMerges) => new(
        Ids.New(), "execute", $"Scenario {marker}.", null, "task-b", "phase-1", "init-1", null,
        [new AgentWorkspaceProject(projectId, "task-b", "phase", [])], [], ["seen.txt"], afterMerges);

    [Fact]
    public async Task A_spawn_waits_for_the_merge_it_names_and_starts_from_the_phase_branch_that_has_its_work()
    {
        _ = ClaudeCli.Path;
        Origin.Git("branch", "phase");
        Origin.Git("branch", "task-a");
        Origin.CommitOn("task-a", "a.txt", "work of task a\n");
        var projectId = (await Factory.RegisterProjectAsync(Origin.Path, "after")).Id;
        var marker = $"m-{Ids.New()}";
        Factory.Api.Script(marker,
            Steps.Bash($"cat */a.txt > .cw/output/seen.txt"),
            Steps.Signal(new { status = "done", result = new { message = "read" } }),
            Steps.Say("Done."));

        // The spawn arrives first: it must not start from a phase branch without task a's work.
        var merge = new MergeBranches(Ids.New(), projectId, "task-a", "phase");
        var spawn = Dependent(projectId, marker, merge.RequestId);
        await Factory.SendCommandAsync(spawn);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(await Factory.QueryAsync(db => db.Agents.AnyAsync(a => a.RequestId == spawn.RequestId)));

        await Factory.SendCommandAsync(merge);
        Assert.Single(await Factory.PublishedAsync<BranchesMerged>(m => m.RequestId == merge.RequestId));
        var completed = Assert.Single(
            await Factory.PublishedAsync<AgentCompleted>(c => c.RequestId == spawn.RequestId));
        Assert.Equal("done", completed.Outcome);
        Assert.Equal("work of task a", completed.Outputs.Single(o => o.Path == "seen.txt").Content.Trim());
    }

    [Fact]
    public async Task A_spawn_after_a_conflicted_merge_is_refused_as_retryable_and_nothing_is_prepared()
    {
        Origin.Git("branch", "phase");
        Origin.Git("branch", "task-a");
        Origin.CommitOn("task-a", "same.txt", "from task a\n");
        Origin.CommitOn("phase", "same.txt", "from the phase\n");
        var projectId = (await Factory.RegisterProjectAsync(Origin.Path, "after")).Id;

        var merge = new MergeBranches(Ids.New(), projectId, "task-a", "phase");
        await Factory.SendCommandAsync(merge);
        Assert.Single(await Factory.PublishedAsync<MergeConflicted>(m => m.RequestId == merge.RequestId));
        var spawn = Dependent(projectId, "never-runs", merge.RequestId);
        await Factory.SendCommandAsync(spawn);

        var refused = Assert.Single(
            await Factory.PublishedAsync<AgentSpawnFailed>(f => f.RequestId == spawn.RequestId));
        Assert.True(refused.Retryable);
        Assert.Contains("conflicted", refused.Error);
        Assert.Contains("same.txt", refused.Error);
        Assert.False(await Factory.QueryAsync(db => db.Agents.AnyAsync(a => a.RequestId == spawn.RequestId)));
    }

    [Fact]
    public async Task Merge_outcomes_older_than_the_retention_are_dropped_with_the_next_merge()
    {
        Origin.Git("branch", "phase");
        Origin.Git("branch", "task-a");
        var projectId = (await Factory.RegisterProjectAsync(Origin.Path, "after")).Id;
        var old = MergeOutcome.Create(
            Ids.New(), projectId, MergeOutcome.Merged, "abc", DateTimeOffset.UtcNow.AddDays(-8));
        var recent = MergeOutcome.Create(
            Ids.New(), projectId, MergeOutcome.Merged, "def", DateTimeOffset.UtcNow.AddDays(-1));
        await Factory.QueryAsync(async db =>
        {
            db.MergeOutcomes.AddRange(old, recent);
            return await db.SaveChangesAsync();
        });

        var merge = new MergeBranches(Ids.New(), projectId, "task-a", "phase");
        await Factory.SendCommandAsync(merge);
        Assert.Single(await Factory.PublishedAsync<BranchesMerged>(m => m.RequestId == merge.RequestId));

        var kept = await Factory.QueryAsync(db =>
            db.MergeOutcomes.Where(o => o.ProjectId == projectId).Select(o => o.RequestId).ToListAsync());
        Assert.Equal(new[] { recent.RequestId, merge.RequestId }.Order(), kept.Order());
    }
}
