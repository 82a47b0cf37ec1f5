using Codewalkers.Collaboration.Domain;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Codewalkers.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Consumers;

internal sealed class AgentSpawnedConsumer(CollaborationDbContext db, ILogger<AgentSpawnedConsumer> logger)
    : InboxConsumer<AgentSpawned, CollaborationDbContext>(db)
{
    // A new agent is idle until its first run starts (the Agents service's Agent.Create).
    protected override Task HandleAsync(AgentSpawned message, ConsumeContext<AgentSpawned> context) =>
        !context.Passes(logger, AgentProjection.Problems(message.AgentId))
            ? Task.CompletedTask
            : Db.UpsertAgentAsync(
                message.AgentId,
                new AgentState(
                    message.Name, AgentStatuses.Idle, message.Mode, message.Context.TaskId, message.Context.PhaseId,
                    message.Context.InitiativeId, message.Version, message.OccurredAt),
                context.CancellationToken);
}

/// <summary>
/// Keeps the view current and settles the questions an agent can no longer hear: when it stops, a question it has not
/// woken it for yet resumes it once (<see cref="AgentView.WakeFor"/>), one that already had its resume fails
/// ("stopped without answering"), so an agent that never answers is not resumed for ever; when it crashes (a crashed
/// agent is never resumed) its pending questions fail. All in the same commit as the view.
/// </summary>
internal sealed class AgentStatusChangedConsumer(CollaborationDbContext db, ILogger<AgentStatusChangedConsumer> logger,
    TimeProvider clock)
    : InboxConsumer<AgentStatusChanged, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(AgentStatusChanged message, ConsumeContext<AgentStatusChanged> context)
    {
        if (!context.Passes(logger, AgentProjection.Problems(message.AgentId))) return;
        var state = new AgentState(
            message.Name, message.To, message.Mode, message.Context.TaskId, message.Context.PhaseId,
            message.Context.InitiativeId, message.Version, message.OccurredAt);
        var view = await Db.Agents.FindAsync([message.AgentId], context.CancellationToken);
        if (view is null) Db.Agents.Add(view = AgentView.Create(message.AgentId, state));
        else if (!view.Apply(state)) return;
        if (message.To is not (AgentStatuses.Stopped or AgentStatuses.Crashed)) return;

        var pending = await Db.Conversations
            .Where(c => c.ToAgentId == message.AgentId && c.Status == ConversationStatus.Pending)
            .ToListAsync(context.CancellationToken);
        var now = clock.GetUtcNow();
        foreach (var conversation in pending)
        {
            if (message.To == AgentStatuses.Crashed) conversation.Fail($"agent {message.Name} crashed", now);
            else if (conversation.ResumeRequestId is not null)
                conversation.Fail($"agent {message.Name} stopped without answering", now);
            else if (view.WakeFor(conversation, Ids.New()) is { } resume) Db.Send(resume, AgentQueues.Commands);
        }
    }
}

/// <summary>
/// The agent is gone: its tombstone keeps a late event from bringing it back, and the questions still waiting for it
/// fail in the same commit, so their askers stop waiting.
/// </summary>
internal sealed class AgentDeletedConsumer(CollaborationDbContext db, ILogger<AgentDeletedConsumer> logger,
    TimeProvider clock)
    : InboxConsumer<AgentDeleted, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(AgentDeleted message, ConsumeContext<AgentDeleted> context)
    {
        if (!context.Passes(logger, AgentProjection.Problems(message.AgentId))) return;
        var existing = await Db.Agents.FindAsync([message.AgentId], context.CancellationToken);
        if (existing is null)
        {
            Db.Agents.Add(AgentView.Tombstone(message.AgentId, message.Name, message.Version, message.OccurredAt));
        }
        else existing.Delete(message.Version, message.OccurredAt);

        var pending = await Db.Conversations
            .Where(c => c.ToAgentId == message.AgentId && c.Status == ConversationStatus.Pending)
            .ToListAsync(context.CancellationToken);
        var now = clock.GetUtcNow();
        foreach (var conversation in pending) conversation.Fail($"agent {message.Name} was deleted", now);
    }
}

internal static class AgentProjection
{
    /// <summary>Anyone who reaches the broker can publish; an id that is no agent id is ignored.</summary>
    public static string[] Problems(string? agentId) => Ids.IsValid(agentId) ? [] : ["agentId"];

    public static async Task UpsertAgentAsync(
        this CollaborationDbContext db, string agentId, AgentState state, CancellationToken cancellationToken)
    {
        var existing = await db.Agents.FindAsync([agentId], cancellationToken);
        if (existing is null) db.Agents.Add(AgentView.Create(agentId, state));
        else existing.Apply(state);
    }
}
