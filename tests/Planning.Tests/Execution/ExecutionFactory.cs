using Codewalkers.Contracts.Agents;
using Codewalkers.Planning.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Codewalkers.Planning.Tests.Execution;

/// <summary>Planning with dispatch running; the tests play the Agents service on the harness.</summary>
public class ExecutionFactory : PlanningFactory
{
    protected virtual int MaxConcurrentAgents => 100;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(
            "Execution:MaxConcurrentAgents",
            MaxConcurrentAgents.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class TwoAgentsFactory : ExecutionFactory
{
    protected override int MaxConcurrentAgents => 2;
}

/// <summary>The Agents service's side of the conversation, played on the test harness.</summary>
public sealed class FakeAgents(PlanningFactory factory)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public IReadOnlyList<SpawnAgent> SpawnsFor(string taskId) =>
        [.. factory.Harness.Sent
            .Select<SpawnAgent>(m => m.Context.Message.TaskId == taskId)
            .Select(m => m.Context.Message)];

    public IReadOnlyList<MergeBranches> Merges(Func<MergeBranches, bool> which) =>
        [.. factory.Harness.Sent.Select<MergeBranches>(m => which(m.Context.Message)).Select(m => m.Context.Message)];

    /// <summary>Waits for spawn number <paramref name="count"/> of the task.</summary>
    public Task<IReadOnlyList<SpawnAgent>> AwaitSpawnsAsync(string taskId, int count = 1) =>
        Eventually.ValueAsync(
            () => Task.FromResult(SpawnsFor(taskId)), s => s.Count >= count, $"{count} SpawnAgent for task {taskId}",
            Patience);

    public Task<IReadOnlyList<MergeBranches>> AwaitMergesAsync(
        Func<MergeBranches, bool> which, string what, int count = 1) =>
        Eventually.ValueAsync(() => Task.FromResult(Merges(which)), s => s.Count >= count, what, Patience);

    public async Task<string> StartAsync(SpawnAgent spawn)
    {
        var agentId = $"agent-{spawn.RequestId}";
        await factory.Harness.Bus.Publish(new AgentSpawned(
            agentId, $"name-{spawn.RequestId[..6]}", spawn.RequestId, spawn.Mode, "claude", Context(spawn), 1,
            DateTimeOffset.UtcNow));
        return agentId;
    }

    public async Task CompleteAsync(SpawnAgent spawn, string outcome = "done", string? summary = "Did it")
    {
        var agentId = await StartAsync(spawn);
        await factory.Harness.Bus.Publish(new AgentCompleted(
            agentId, $"name-{spawn.RequestId[..6]}", spawn.RequestId, spawn.Mode, Context(spawn), outcome, summary, [],
            2, DateTimeOffset.UtcNow));
    }

    public async Task CrashAsync(SpawnAgent spawn)
    {
        var agentId = await StartAsync(spawn);
        await factory.Harness.Bus.Publish(new AgentStatusChanged(
            agentId, $"name-{spawn.RequestId[..6]}", "running", "crashed", "process_crash", spawn.Mode, Context(spawn),
            3, DateTimeOffset.UtcNow));
    }

    public Task MergedAsync(MergeBranches merge, string mergeBase = "0123456789abcdef0123456789abcdef01234567") =>
        factory.Harness.Bus.Publish(new BranchesMerged(
            merge.RequestId, merge.ProjectId, merge.SourceBranch, merge.TargetBranch,
            mergeBase, "fedcba9876543210fedcba9876543210fedcba98", DateTimeOffset.UtcNow, merge.PushTarget));

    public Task ConflictedAsync(MergeBranches merge, params string[] files) =>
        factory.Harness.Bus.Publish(new MergeConflicted(
            merge.RequestId, merge.ProjectId, merge.SourceBranch, merge.TargetBranch, files, DateTimeOffset.UtcNow));

    public Task MergeFailedAsync(MergeBranches merge, string error) =>
        factory.Harness.Bus.Publish(new MergeFailed(
            merge.RequestId, merge.ProjectId, merge.SourceBranch, merge.TargetBranch, error, DateTimeOffset.UtcNow));

    public Task SpawnFailedAsync(SpawnAgent spawn, string error, bool retryable = false) =>
        factory.Harness.Bus.Publish(new AgentSpawnFailed(
            spawn.RequestId, spawn.Mode, Context(spawn), error, DateTimeOffset.UtcNow, retryable));

    private static AgentContext Context(SpawnAgent spawn) => new(spawn.TaskId, spawn.PhaseId, spawn.InitiativeId, null);
}
