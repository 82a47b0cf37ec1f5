using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Merges;
using Codewalkers.Agents.Supervision;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Codewalkers.SharedKernel.Errors;
using MassTransit;

namespace Codewalkers.Agents.Consumers;

/// <summary>
/// Creates the agent (idle, workspace ready) in the inbox transaction; the supervisor launches it after the commit.
/// A command that can never succeed (bad input, unknown project, missing base, git refusing) is answered with
/// AgentSpawnFailed, so the sender can release what it reserved instead of waiting for an agent that never comes; one
/// refused because a merge it waited for did not merge says so (Retryable).
/// </summary>
internal sealed class SpawnAgentConsumer(AgentsDbContext db, AgentSpawner spawner, TimeProvider clock, ILogger<SpawnAgentConsumer> logger)
    : InboxConsumer<SpawnAgent, AgentsDbContext>(db)
{
    // The workspace (git worktrees, files) is made before the inbox transaction; the agent record and any refusal are
    // tracked and commit with the inbox record. The supervisor is woken by the commit (LaunchTrigger).
    protected override Task HandleAsync(SpawnAgent message, ConsumeContext<SpawnAgent> context) => Task.CompletedTask;

    protected override async Task PrepareAsync(SpawnAgent message, ConsumeContext<SpawnAgent> context)
    {
        try
        {
            await spawner.CreateAsync(Db, message, context.CancellationToken);
        }
        catch (Exception ex) when (ex is ProblemException or GitException or MergeNotLandedException)
        {
            logger.LogWarning("SpawnAgent {RequestId} refused: {Reason}", message.RequestId, ex.Message);
            Db.Publish(new AgentSpawnFailed(message.RequestId, message.Mode ?? "",
                new AgentContext(message.TaskId, message.PhaseId, message.InitiativeId, message.ErrandId), ex.Message, clock.GetUtcNow(),
                Retryable: ex is MergeNotLandedException));
        }
    }
}
