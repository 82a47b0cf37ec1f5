using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Merges;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Codewalkers.SharedKernel.Errors;
using MassTransit;

namespace Codewalkers.Agents.Consumers;

/// <summary>
/// Creates the agent (idle, workspace ready); the supervisor launches it after the commit (woken by LaunchTrigger).
/// A command that can never succeed (bad input, unknown project, missing base, git refusing) is answered with
/// AgentSpawnFailed, so the sender can release what it reserved instead of waiting for an agent that never comes; one
/// refused because a merge it waited for did not merge says so (Retryable).
/// </summary>
internal sealed class SpawnAgentConsumer(
    AgentsDbContext db, AgentSpawner spawner, TimeProvider clock, ILogger<SpawnAgentConsumer> logger)
    : InboxConsumer<SpawnAgent, AgentsDbContext>(db)
{
    /// <summary>
    /// The whole spawn. It runs before the inbox transaction (PrepareAsync), because making the workspace (git
    /// worktrees, files) must not hold the database's write lock; the agent record or the refusal is only tracked
    /// here and commits with the inbox record.
    /// </summary>
    protected override async Task PrepareAsync(SpawnAgent command, ConsumeContext<SpawnAgent> context)
    {
        try
        {
            await spawner.CreateAsync(Db, command, context.CancellationToken);
        }
        catch (Exception ex) when (ex is ProblemException or GitException or MergeNotLandedException)
        {
            logger.LogWarning("SpawnAgent {RequestId} refused: {Reason}", command.RequestId, ex.Message);
            var agentContext = new AgentContext(
                command.TaskId, command.PhaseId, command.InitiativeId, command.ErrandId);
            Db.Publish(new AgentSpawnFailed(command.RequestId, command.Mode ?? "", agentContext, ex.Message,
                clock.GetUtcNow(), Retryable: ex is MergeNotLandedException));
        }
    }

    /// <summary>Nothing is left for the transaction: the spawn was done and tracked in PrepareAsync above.</summary>
    protected override Task HandleAsync(SpawnAgent command, ConsumeContext<SpawnAgent> context) => Task.CompletedTask;
}
