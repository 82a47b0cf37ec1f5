using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Planning.Infrastructure;
using MassTransit;

namespace Codewalkers.Planning.Architects;

/// <summary>The architect's agent exists: remember which agent it is, so its later events find the assignment.</summary>
public sealed class ArchitectSpawnedConsumer(PlanningDbContext db) : InboxConsumer<AgentSpawned, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentSpawned message, ConsumeContext<AgentSpawned> context)
    {
        var assignment = await ArchitectAssignments.ByRequestAsync(Db, message.RequestId, context.CancellationToken);
        assignment?.Started(message.AgentId, message.Name);
    }
}

/// <summary>The Agents service could not start the architect (unknown provider, missing branch, ...): nothing runs, say why.</summary>
public sealed class ArchitectSpawnFailedConsumer(PlanningDbContext db, TimeProvider clock) : InboxConsumer<AgentSpawnFailed, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentSpawnFailed message, ConsumeContext<AgentSpawnFailed> context)
    {
        var assignment = await ArchitectAssignments.ByRequestAsync(Db, message.RequestId, context.CancellationToken);
        if (assignment is { IsOpen: true }) assignment.Fail($"The agent could not be started: {message.Error}", clock.GetUtcNow());
    }
}

/// <summary>A crashed architect (after the Agents service's own retries) fails its assignment, which frees its mode to start again.</summary>
public sealed class ArchitectCrashedConsumer(PlanningDbContext db, TimeProvider clock) : InboxConsumer<AgentStatusChanged, PlanningDbContext>(db)
{
    public const string Crashed = "crashed";

    protected override async Task HandleAsync(AgentStatusChanged message, ConsumeContext<AgentStatusChanged> context)
    {
        if (message.To != Crashed) return;
        var assignment = await ArchitectAssignments.ByAgentAsync(Db, message.AgentId, message.Mode, message.Context, context.CancellationToken);
        if (assignment is not { IsOpen: true }) return;
        assignment.Started(message.AgentId, message.Name);
        assignment.Fail($"Agent {message.Name} crashed ({message.Reason}).", clock.GetUtcNow());
    }
}
