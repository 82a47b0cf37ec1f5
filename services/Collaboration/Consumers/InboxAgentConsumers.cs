using Codewalkers.Collaboration.Domain;
using Codewalkers.Collaboration.Domain.Inbox;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Consumers;

/// <summary>
/// An agent's questions become one inbox item. If the agent has already moved on (a later event of it, not waiting,
/// was seen first), the item is raised closed, so the inbox never offers questions nobody waits on. A chat agent's
/// questions are not: they appear in its chat session and are answered there (docs/chat.md), so the answer goes
/// through Planning's turn and not around it.
/// </summary>
internal sealed class InboxQuestionsAskedConsumer(
    CollaborationDbContext db, ILogger<InboxQuestionsAskedConsumer> logger)
    : InboxConsumer<AgentQuestionsAsked, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(AgentQuestionsAsked message, ConsumeContext<AgentQuestionsAsked> context)
    {
        var problems = AgentProjection.Problems(message.AgentId).ToList();
        if (message.Questions is not { Count: > 0 }
            || message.Questions.Any(q => string.IsNullOrWhiteSpace(q.Id) || string.IsNullOrWhiteSpace(q.Question)))
            problems.Add("questions");
        if (!context.Passes(logger, problems) || message.Mode == AgentModes.Chat) return;
        var item = Message.AgentAsked(Ids.New(), message, message.OccurredAt);
        var agent = await Db.Agents.FindAsync([message.AgentId], context.CancellationToken);
        if (agent is { IsDeleted: true }) item.Close(InboxTexts.AgentDeleted(message.Name), message.OccurredAt);
        else if (agent is not null && agent.Version > message.Version && agent.Status != AgentStatuses.WaitingForInput)
            item.Close(InboxTexts.NoLongerWaiting(message.Name, agent.Status), message.OccurredAt);
        Db.Messages.Add(item);
    }
}

/// <summary>
/// An agent left waiting_for_input: its open question items close (answered another way, stopped). An agent that
/// crashed raises an item.
/// </summary>
internal sealed class InboxAgentStatusConsumer(CollaborationDbContext db, ILogger<InboxAgentStatusConsumer> logger)
    : InboxConsumer<AgentStatusChanged, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(AgentStatusChanged message, ConsumeContext<AgentStatusChanged> context)
    {
        if (!context.Passes(logger, AgentProjection.Problems(message.AgentId))) return;
        if (message.From == AgentStatuses.WaitingForInput && message.To != AgentStatuses.WaitingForInput)
        {
            await Db.CloseQuestionsAsync(message.AgentId, message.Version,
                InboxTexts.NoLongerWaiting(message.Name, message.To), message.OccurredAt, context.CancellationToken);
        }
        if (message.To == AgentStatuses.Crashed)
        {
            Db.Messages.Add(Message.Notice(Ids.New(), MessageKind.AgentCrashed, message.Context,
                    InboxTexts.AgentCrashed(message.Name, message.Reason), message.OccurredAt)
                .FromAgent(message.AgentId, message.Name, message.Version));
        }
    }
}

/// <summary>A deleted agent answers nothing: its open question items close.</summary>
internal sealed class InboxAgentDeletedConsumer(CollaborationDbContext db, ILogger<InboxAgentDeletedConsumer> logger)
    : InboxConsumer<AgentDeleted, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(AgentDeleted message, ConsumeContext<AgentDeleted> context) =>
        !context.Passes(logger, AgentProjection.Problems(message.AgentId))
            ? Task.CompletedTask
            : Db.CloseQuestionsAsync(message.AgentId, message.Version, InboxTexts.AgentDeleted(message.Name),
                message.OccurredAt, context.CancellationToken);
}

/// <summary>
/// The Agents service refused the resume a reply asked for: the reply is failed with its detail, and its item is
/// open again (the user sees why, and may answer again) while the agent still waits, else closed with the detail.
/// </summary>
internal sealed class InboxResumeRefusedConsumer(CollaborationDbContext db)
    : InboxConsumer<AgentResumeRefused, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(AgentResumeRefused message, ConsumeContext<AgentResumeRefused> context)
    {
        // Resumes for other reasons (conversations) have request ids that are no reply of the inbox.
        var reply = await Db.Messages.SingleOrDefaultAsync(
            m => m.Id == message.RequestId && m.Kind == MessageKind.Reply, context.CancellationToken);
        if (reply is null) return;
        reply.Refused(message.Detail, message.OccurredAt);
        var item = await Db.Messages.SingleOrDefaultAsync(m => m.Id == reply.ParentMessageId,
            context.CancellationToken);
        if (item is null) return;
        // Open again only while the agent may still wait: one that moved on would leave the item open for ever.
        var agent = await Db.Agents.FindAsync([message.AgentId], context.CancellationToken);
        var movedOn = agent is not null && (agent.IsDeleted
            || (agent.Version > item.AgentVersion && agent.Status != AgentStatuses.WaitingForInput));
        if (movedOn) item.Settle(message.Detail, message.OccurredAt);
        else item.Reopen(message.Detail, message.OccurredAt);
    }
}

internal static class InboxClosing
{
    /// <summary>Closes the agent's open question items raised before <paramref name="version"/>.</summary>
    public static async Task CloseQuestionsAsync(
        this CollaborationDbContext db, string agentId, long version, string reason, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var open = await db.Messages
            .Where(m => m.AgentId == agentId && m.Kind == MessageKind.Questions && m.Status == MessageStatus.Pending
                && m.AgentVersion < version)
            .ToListAsync(cancellationToken);
        foreach (var item in open) item.Close(reason, at);
    }
}
