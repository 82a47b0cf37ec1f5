using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Supervision;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.ServiceDefaults.Errors;
using MassTransit;

namespace Codewalkers.Agents.Consumers;

/// <summary>Creates the agent (idle, workspace ready) in the inbox transaction; the supervisor launches it after the commit.</summary>
internal sealed class SpawnAgentConsumer(AgentsDbContext db, AgentSpawner spawner, AgentSupervisor supervisor, ILogger<SpawnAgentConsumer> logger)
    : InboxConsumer<SpawnAgent, AgentsDbContext>(db)
{
    protected override async Task HandleAsync(SpawnAgent message, ConsumeContext<SpawnAgent> context)
    {
        try
        {
            await spawner.CreateAsync(Db, message, context.CancellationToken);
        }
        catch (ProblemException ex)
        {
            // A command that can never succeed is not retried; the sender sees no AgentSpawned for its request id.
            logger.LogWarning("SpawnAgent {RequestId} refused: {Reason}", message.RequestId, ex.Message);
        }
        supervisor.Wake();
    }
}
