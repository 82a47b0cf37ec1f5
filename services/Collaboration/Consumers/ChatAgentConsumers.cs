using Codewalkers.Collaboration.Domain.Chat;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Consumers;

// What the Agents service says about a session's agent. The session names its agent (ChatTurnStarted); an agent no
// session talks to any more (reopened, forgotten) is not looked at.

/// <summary>The agent asked (signal questions): they appear in the chat, and the next message answers them.</summary>
internal sealed class ChatQuestionsAskedConsumer(CollaborationDbContext db, ILogger<ChatQuestionsAskedConsumer> logger)
    : InboxConsumer<AgentQuestionsAsked, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(AgentQuestionsAsked message, ConsumeContext<AgentQuestionsAsked> context)
    {
        if (!context.Passes(logger, AgentProjection.Problems(message.AgentId))) return;
        var questions = (message.Questions ?? []).Where(q => !string.IsNullOrWhiteSpace(q.Question)).ToList();
        if (questions.Count == 0) return;
        foreach (var session in await ChatAgent.SessionsOfAsync(Db, message.AgentId, context.CancellationToken))
        {
            await Db.AddChatMessageAsync(session, ChatMessage.Assistant(Ids.New(), session.Id,
                ChatTexts.Questions(questions), session.TurnId, message.OccurredAt), context.CancellationToken);
            session.AgentAsked(message.OccurredAt);
        }
    }
}

/// <summary>
/// The agent crashed: a crashed agent is never resumed, so the session forgets it (the next message starts a new
/// one with the history) and says so.
/// </summary>
internal sealed class ChatAgentCrashedConsumer(CollaborationDbContext db, ILogger<ChatAgentCrashedConsumer> logger)
    : InboxConsumer<AgentStatusChanged, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(AgentStatusChanged message, ConsumeContext<AgentStatusChanged> context)
    {
        if (message.To != AgentStatuses.Crashed) return;
        if (!context.Passes(logger, AgentProjection.Problems(message.AgentId))) return;
        foreach (var session in await ChatAgent.SessionsOfAsync(Db, message.AgentId, context.CancellationToken))
        {
            await Db.AddChatMessageAsync(session, ChatMessage.System(Ids.New(), session.Id,
                ChatTexts.Crashed(message.Name, message.Reason), session.TurnId, message.OccurredAt),
                context.CancellationToken);
            session.ForgetAgent(message.OccurredAt);
        }
    }
}

/// <summary>The agent was deleted: the session forgets it; the next message starts a new one.</summary>
internal sealed class ChatAgentDeletedConsumer(CollaborationDbContext db, ILogger<ChatAgentDeletedConsumer> logger)
    : InboxConsumer<AgentDeleted, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(AgentDeleted message, ConsumeContext<AgentDeleted> context)
    {
        if (!context.Passes(logger, AgentProjection.Problems(message.AgentId))) return;
        foreach (var session in await ChatAgent.SessionsOfAsync(Db, message.AgentId, context.CancellationToken))
            session.ForgetAgent(message.OccurredAt);
    }
}

internal static class ChatAgent
{
    public static Task<List<ChatSession>> SessionsOfAsync(
        CollaborationDbContext db, string agentId, CancellationToken cancellationToken) =>
        db.ChatSessions.Where(s => s.AgentId == agentId).ToListAsync(cancellationToken);
}
