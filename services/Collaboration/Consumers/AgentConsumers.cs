using Codewalkers.Collaboration.Domain;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
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

internal sealed class AgentStatusChangedConsumer(CollaborationDbContext db, ILogger<AgentStatusChangedConsumer> logger)
    : InboxConsumer<AgentStatusChanged, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(AgentStatusChanged message, ConsumeContext<AgentStatusChanged> context) =>
        !context.Passes(logger, AgentProjection.Problems(message.AgentId))
            ? Task.CompletedTask
            : Db.UpsertAgentAsync(
                message.AgentId,
                new AgentState(
                    message.Name, message.To, message.Mode, message.Context.TaskId, message.Context.PhaseId,
                    message.Context.InitiativeId, message.Version, message.OccurredAt),
                context.CancellationToken);
}

/// <summary>
/// The agent is gone: its tombstone keeps a late event from bringing it back, and the questions still waiting for it
/// fail in the same commit, so their askers stop waiting.
/// </summary>
internal sealed class AgentDeletedConsumer(CollaborationDbContext db, ILogger<AgentDeletedConsumer> logger)
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
        var now = DateTimeOffset.UtcNow;
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
