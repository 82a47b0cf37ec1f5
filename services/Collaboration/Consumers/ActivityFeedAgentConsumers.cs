using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.ServiceDefaults;
using MassTransit;

namespace Codewalkers.Collaboration.Consumers;

// The activity feed's own consumers (the inbox dedupes per consumer class, so they sit beside the read model's
// consumers of the same events without sharing their fate).

/// <summary>Every agent status change becomes <c>agent.&lt;new status&gt;</c>.</summary>
internal sealed class ActivityFeedAgentStatusConsumer(
    CollaborationDbContext db, ILogger<ActivityFeedAgentStatusConsumer> logger)
    : InboxConsumer<AgentStatusChanged, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(AgentStatusChanged message, ConsumeContext<AgentStatusChanged> context)
    {
        if (!context.Passes(logger, FeedChecks.Problems(message.AgentId))) return Task.CompletedTask;
        var kind = FeedKinds.ForStatus("agent", message.To);
        if (kind is null) return Task.CompletedTask;
        return Db.RecordAsync(
            kind, FeedChecks.Of(message.Context, message.AgentId),
            new { agentName = message.Name, message.From, message.To, message.Reason, message.Mode },
            message.OccurredAt, context.CancellationToken);
    }
}

/// <summary>An agent's questions to its user (signal <c>questions</c>) become <c>agent.questions_asked</c>.</summary>
internal sealed class ActivityFeedAgentQuestionsConsumer(
    CollaborationDbContext db, ILogger<ActivityFeedAgentQuestionsConsumer> logger)
    : InboxConsumer<AgentQuestionsAsked, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(AgentQuestionsAsked message, ConsumeContext<AgentQuestionsAsked> context) =>
        !context.Passes(logger, FeedChecks.Problems(message.AgentId))
            ? Task.CompletedTask
            : Db.RecordAsync(
                FeedKinds.AgentQuestionsAsked, FeedChecks.Of(message.Context, message.AgentId),
                new
                {
                    agentName = message.Name, message.Mode, message.Session,
                    Questions = (message.Questions ?? []).Select(q => new { q.Id, q.Question, q.Options }),
                },
                message.OccurredAt, context.CancellationToken);
}

internal static class FeedChecks
{
    /// <summary>Anyone who reaches the broker can publish; an event about no valid id is logged and ignored.</summary>
    public static string[] Problems(string? id, string field = "agentId") => Ids.IsValid(id) ? [] : [field];

    public static FeedSubjectIds Of(AgentContext? context, string agentId) =>
        new(context?.InitiativeId, context?.PhaseId, context?.TaskId, agentId, context?.ErrandId);
}
