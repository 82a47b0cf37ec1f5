using Codewalkers.Collaboration.Domain.Chat;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Chat;
using Codewalkers.Messaging.Inbox;
using Codewalkers.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Consumers;

// Planning's answers to StartChatTurn. Only the session's current turn moves its state; an answer to an older turn
// (the session was reopened meanwhile) is still shown, since its change set is real and revertable.

/// <summary>The turn's agent is at work: the session remembers it, so the next message resumes it.</summary>
internal sealed class ChatTurnStartedConsumer(CollaborationDbContext db, ILogger<ChatTurnStartedConsumer> logger)
    : InboxConsumer<ChatTurnStarted, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(ChatTurnStarted message, ConsumeContext<ChatTurnStarted> context)
    {
        var problems = ChatChecks.Problems(message.SessionId, message.TurnId);
        if (!Ids.IsValid(message.AgentId)) problems.Add("agentId");
        if (!context.Passes(logger, problems)) return;
        var session = await Db.ChatSessions.FindAsync([message.SessionId], context.CancellationToken);
        if (session is null || !session.IsCurrentTurn(message.TurnId)) return;
        // The agent's crash or deletion may have overtaken this event: such an agent is not one to resume.
        var agent = await Db.Agents.AsNoTracking()
            .FirstOrDefaultAsync(a => a.AgentId == message.AgentId, context.CancellationToken);
        if (agent is { IsDeleted: true } or { Status: AgentStatuses.Crashed }) return;
        session.AgentStarted(message.AgentId, message.AgentName, message.OccurredAt);
    }
}

/// <summary>The agent replied: its message, with the change set of its edits; the user may write again.</summary>
internal sealed class ChatTurnCompletedConsumer(CollaborationDbContext db, ILogger<ChatTurnCompletedConsumer> logger)
    : InboxConsumer<ChatTurnCompleted, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(ChatTurnCompleted message, ConsumeContext<ChatTurnCompleted> context)
    {
        var problems = ChatChecks.Problems(message.SessionId, message.TurnId);
        if (message.ChangeSetId is not null && !Ids.IsValid(message.ChangeSetId)) problems.Add("changeSetId");
        if (!context.Passes(logger, problems)) return;
        if (await ChatChecks.OpenTurnSessionAsync(Db, message.SessionId, message.TurnId, context.CancellationToken)
            is not { } session) return;
        var reply = ChatMessage.Reply(Ids.New(), session.Id, message, message.OccurredAt);
        await Db.AddChatMessageAsync(session, reply, context.CancellationToken);
        if (session.IsCurrentTurn(message.TurnId)) session.TurnEnded(message.AgentId, message.OccurredAt);
    }
}

/// <summary>The turn failed (nothing changed in the plan): a system message says why, one line per problem.</summary>
internal sealed class ChatTurnFailedConsumer(CollaborationDbContext db, ILogger<ChatTurnFailedConsumer> logger)
    : InboxConsumer<ChatTurnFailed, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(ChatTurnFailed message, ConsumeContext<ChatTurnFailed> context)
    {
        if (!context.Passes(logger, ChatChecks.Problems(message.SessionId, message.TurnId))) return;
        if (await ChatChecks.OpenTurnSessionAsync(Db, message.SessionId, message.TurnId, context.CancellationToken)
            is not { } session) return;
        var failure = ChatMessage.Failure(Ids.New(), session.Id, message, message.OccurredAt);
        await Db.AddChatMessageAsync(session, failure, context.CancellationToken);
        if (session.IsCurrentTurn(message.TurnId)) session.TurnEnded(null, message.OccurredAt);
    }
}

internal static class ChatChecks
{
    /// <summary>
    /// Anyone who reaches the broker can publish: an event without a valid session or turn is ignored.
    /// </summary>
    public static List<string> Problems(string? sessionId, string? turnId)
    {
        var problems = new List<string>();
        if (!Ids.IsValid(sessionId)) problems.Add("sessionId");
        if (!Ids.IsValid(turnId)) problems.Add("turnId");
        return problems;
    }

    /// <summary>
    /// The session of a turn that has not ended yet, or null: an unknown session or turn, or a turn already answered
    /// (Planning may answer a turn twice, under different message ids; it ends once).
    /// </summary>
    public static async Task<ChatSession?> OpenTurnSessionAsync(
        CollaborationDbContext db, string sessionId, string turnId, CancellationToken cancellationToken)
    {
        var session = await db.ChatSessions.FindAsync([sessionId], cancellationToken);
        if (session is null) return null;
        var turn = await db.ChatMessages.AsNoTracking().Where(m => m.SessionId == sessionId
            && (m.Id == turnId || (m.TurnId == turnId && m.EndsTurn))).Select(m => m.Id).ToListAsync(cancellationToken);
        return turn.Count == 1 && turn[0] == turnId ? session : null;
    }
}
