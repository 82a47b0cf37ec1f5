using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Chat;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Chat;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Consumers;

/// <summary>The chat agent exists: the session learns whom it talks to, and the first turn is under way.</summary>
public sealed class ChatAgentSpawnedConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<AgentSpawned, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentSpawned message, ConsumeContext<AgentSpawned> context)
    {
        var assignment = await ChatTurns.ByRequestAsync(Db, message.RequestId, context.CancellationToken);
        if (assignment is null) return;
        assignment.Started(message.AgentId, message.Name);
        if (await ChatTurns.OpenTurnAsync(Db, assignment.Id, context.CancellationToken) is { } turn)
            Db.Publish(new ChatTurnStarted(turn.Id, turn.SessionId, message.AgentId, message.Name,
                clock.GetUtcNow()));
    }
}

/// <summary>The Agents service could not start the chat agent: the turn fails with why.</summary>
public sealed class ChatAgentSpawnFailedConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<AgentSpawnFailed, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentSpawnFailed message, ConsumeContext<AgentSpawnFailed> context)
    {
        if (await ChatTurns.ByRequestAsync(Db, message.RequestId, context.CancellationToken) is { } assignment)
            await ChatTurns.EndAsync(Db, assignment, $"The agent could not be started: {message.Error}",
                clock.GetUtcNow(), context.CancellationToken);
    }
}

/// <summary>
/// A crashed chat agent (after the Agents service's retries), or one the user stopped, will not answer the turn it
/// was on. A later turn may still resume it; the Agents service refuses if it cannot be.
/// </summary>
public sealed class ChatAgentStatusConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<AgentStatusChanged, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentStatusChanged message, ConsumeContext<AgentStatusChanged> context)
    {
        if (message.Mode != AgentModes.Chat) return;
        var why = message switch
        {
            { To: AgentStatuses.Crashed } => $"Agent {message.Name} crashed ({message.Reason}).",
            { To: AgentStatuses.Stopped, Reason: AgentReasons.UserRequested }
                => $"Agent {message.Name} was stopped by the user.",
            _ => null,
        };
        if (why is null) return;
        var cancellationToken = context.CancellationToken;
        // Before AgentSpawned is handled the agent id is unknown here: the open chat assignment of the same target
        // (one active session per target) is the one.
        var assignment = await ChatTurns.ByAgentIdAsync(Db, message.AgentId, cancellationToken)
            ?? await Db.Assignments.FirstOrDefaultAsync(a => a.Kind == AssignmentKind.Chat && a.AgentId == null
                && a.Status == AssignmentStatus.Requested && a.PhaseId == message.Context.PhaseId
                && a.TaskId == message.Context.TaskId, cancellationToken);
        if (assignment is null) return;
        assignment.Started(message.AgentId, message.Name);
        await ChatTurns.EndAsync(Db, assignment, why, clock.GetUtcNow(), cancellationToken);
    }
}

/// <summary>A deleted chat agent answers nothing more: its open turn fails.</summary>
public sealed class ChatAgentDeletedConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<AgentDeleted, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentDeleted message, ConsumeContext<AgentDeleted> context)
    {
        if (await ChatTurns.ByAgentIdAsync(Db, message.AgentId, context.CancellationToken) is { } assignment)
            await ChatTurns.EndAsync(Db, assignment, $"Agent {message.Name} was deleted before it answered.",
                clock.GetUtcNow(), context.CancellationToken);
    }
}

/// <summary>The Agents service would not resume the agent for a turn (the resume's request id): it fails.</summary>
public sealed class ChatResumeRefusedConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<AgentResumeRefused, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentResumeRefused message, ConsumeContext<AgentResumeRefused> context)
    {
        var turn = await Db.ChatTurns.FirstOrDefaultAsync(t => t.Id == message.RequestId
            && t.Status == ChatTurnStatus.Working, context.CancellationToken);
        if (turn is null || message.Reason != ResumeReasons.Message) return;
        ChatTurns.Fail(Db, turn, message.AgentId, [$"The agent could not be resumed: {message.Detail}"],
            clock.GetUtcNow());
    }
}

/// <summary>
/// The chat agent ended a run: done applies its edits as one change set and answers the turn, error fails it,
/// questions end it without an answer (Collaboration shows them; the next message answers). A run with no open turn
/// (a second done of a turn already answered) changes nothing. Applying checks the dependency graph, so it holds
/// the plan's write gate from before its transaction begins until it is disposed, after the commit.
/// </summary>
public sealed class ChatAgentCompletedConsumer(
    PlanningDbContext db, ProposalApplier applier, PlanWriteGate gate, TimeProvider clock)
    : InboxConsumer<AgentCompleted, PlanningDbContext>(db), IDisposable
{
    private IDisposable? _gate;

    protected override async Task PrepareAsync(AgentCompleted message, ConsumeContext<AgentCompleted> context)
    {
        if (message.Outcome == SignalOutcomes.Done && _gate is null
            && await Db.Assignments.AnyAsync(a => a.Id == message.RequestId && a.Kind == AssignmentKind.Chat,
                context.CancellationToken))
            _gate = await gate.EnterAsync(context.CancellationToken);
    }

    protected override async Task HandleAsync(AgentCompleted message, ConsumeContext<AgentCompleted> context)
    {
        var cancellationToken = context.CancellationToken;
        var assignment = await ChatTurns.ByRequestAsync(Db, message.RequestId, cancellationToken);
        if (assignment is null) return;
        var turn = await ChatTurns.OpenTurnAsync(Db, assignment.Id, cancellationToken);
        if (turn is null) return;
        assignment.Started(message.AgentId, message.Name);
        var now = clock.GetUtcNow();
        switch (message.Outcome)
        {
            case SignalOutcomes.Done:
                await new ChatTurnCompletion(Db, applier).CompleteAsync(assignment, turn, message, now,
                    cancellationToken);
                break;
            case SignalOutcomes.Questions:
                turn.Asked(now);
                break;
            default:
                ChatTurns.Fail(Db, turn, message.AgentId,
                    [$"The agent signalled an error: {message.Summary ?? "(no details)"}"], now);
                break;
        }
    }

    public void Dispose() => _gate?.Dispose();
}
