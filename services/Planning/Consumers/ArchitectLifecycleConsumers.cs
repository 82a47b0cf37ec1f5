using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Planning.Architects;
using Codewalkers.Planning.Infrastructure;
using MassTransit;

namespace Codewalkers.Planning.Consumers;

/// <summary>
/// The architect's agent exists: remember which agent it is, so its later events find the assignment.
/// </summary>
public sealed class ArchitectSpawnedConsumer(PlanningDbContext db) : InboxConsumer<AgentSpawned, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentSpawned message, ConsumeContext<AgentSpawned> context)
    {
        var assignment = await ArchitectAssignments.ByRequestAsync(Db, message.RequestId, context.CancellationToken);
        assignment?.Started(message.AgentId, message.Name);
    }
}

/// <summary>
/// The Agents service could not start the architect (unknown provider, missing branch, ...): nothing runs, say why.
/// </summary>
public sealed class ArchitectSpawnFailedConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<AgentSpawnFailed, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentSpawnFailed message, ConsumeContext<AgentSpawnFailed> context)
    {
        var assignment = await ArchitectAssignments.ByRequestAsync(Db, message.RequestId, context.CancellationToken);
        if (assignment is { IsOpen: true }) assignment.Fail($"The agent could not be started: {message.Error}",
            clock.GetUtcNow());
    }
}

/// <summary>
/// A crashed architect (after the Agents service's own retries) or one the user stopped fails its assignment, which
/// frees
/// its mode to start again. Other stops are not endings: after done the completion carries the outcome, and a stopped
/// agent may still be resumed (its later done still makes proposals).
/// </summary>
public sealed class ArchitectStatusConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<AgentStatusChanged, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentStatusChanged message, ConsumeContext<AgentStatusChanged> context)
    {
        var why = message switch
        {
            { To: AgentStatuses.Crashed } => $"Agent {message.Name} crashed ({message.Reason}).",
            { To: AgentStatuses.Stopped, Reason: AgentReasons.UserRequested }
                => $"Agent {message.Name} was stopped by the user.",
            _ => null,
        };
        if (why is null) return;
        var assignment = await ArchitectAssignments.ByAgentAsync(Db, message.AgentId, message.Mode, message.Context,
            context.CancellationToken);
        if (assignment is not { IsOpen: true }) return;
        assignment.Started(message.AgentId, message.Name);
        assignment.Fail(why, clock.GetUtcNow());
    }
}

/// <summary>A deleted agent will never complete: an assignment still open for it fails.</summary>
public sealed class ArchitectAgentDeletedConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<AgentDeleted, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentDeleted message, ConsumeContext<AgentDeleted> context)
    {
        var assignment = await ArchitectAssignments.ByAgentIdAsync(Db, message.AgentId, context.CancellationToken);
        if (assignment is { IsOpen: true }) assignment.Fail($"Agent {message.Name} was deleted before it finished.",
            clock.GetUtcNow());
    }
}
