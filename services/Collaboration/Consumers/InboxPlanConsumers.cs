using Codewalkers.Collaboration.Domain.Inbox;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Planning;
using Codewalkers.Messaging.Inbox;
using Codewalkers.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Consumers;

// Planning's events keep the plan read model (names and statuses shown with inbox items) current; a phase that moves
// to pending_review and a task that moves to completed or blocked raise an inbox item in the same commit. The move is
// judged against the stored status, so a repeated or older event raises nothing twice.

internal sealed class InboxInitiativeCreatedConsumer(
    CollaborationDbContext db, ILogger<InboxInitiativeCreatedConsumer> logger)
    : InboxConsumer<InitiativeCreated, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(InitiativeCreated message, ConsumeContext<InitiativeCreated> context)
    {
        if (!context.Passes(logger, PlanProjection.Problems(message.InitiativeId))) return;
        await Db.UpsertPlanItemAsync(message.InitiativeId, PlanItemKind.Initiative,
            new(message.Name, message.Status, null, null, null, message.Version, message.OccurredAt),
            context.CancellationToken);
    }
}

internal sealed class InboxInitiativeUpdatedConsumer(
    CollaborationDbContext db, ILogger<InboxInitiativeUpdatedConsumer> logger)
    : InboxConsumer<InitiativeUpdated, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(InitiativeUpdated message, ConsumeContext<InitiativeUpdated> context)
    {
        if (!context.Passes(logger, PlanProjection.Problems(message.InitiativeId))) return;
        await Db.UpsertPlanItemAsync(message.InitiativeId, PlanItemKind.Initiative,
            new(message.Name, message.Status, null, null, null, message.Version, message.OccurredAt),
            context.CancellationToken);
    }
}

internal sealed class InboxInitiativeDeletedConsumer(
    CollaborationDbContext db, ILogger<InboxInitiativeDeletedConsumer> logger)
    : InboxConsumer<InitiativeDeleted, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(InitiativeDeleted message, ConsumeContext<InitiativeDeleted> context) =>
        context.Passes(logger, PlanProjection.Problems(message.InitiativeId))
            ? Db.DeletePlanItemAsync(message.InitiativeId, PlanItemKind.Initiative, message.Version,
                message.OccurredAt, context.CancellationToken)
            : Task.CompletedTask;
}

internal sealed class InboxPhaseCreatedConsumer(CollaborationDbContext db, ILogger<InboxPhaseCreatedConsumer> logger)
    : InboxConsumer<PhaseCreated, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(PhaseCreated message, ConsumeContext<PhaseCreated> context) =>
        context.Passes(logger, PlanProjection.Problems(message.PhaseId))
            ? Db.ApplyPhaseAsync(message.PhaseId, new(message.Name, message.Status, message.InitiativeId, null, null,
                message.Version, message.OccurredAt), context.CancellationToken)
            : Task.CompletedTask;
}

internal sealed class InboxPhaseUpdatedConsumer(CollaborationDbContext db, ILogger<InboxPhaseUpdatedConsumer> logger)
    : InboxConsumer<PhaseUpdated, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(PhaseUpdated message, ConsumeContext<PhaseUpdated> context) =>
        context.Passes(logger, PlanProjection.Problems(message.PhaseId))
            ? Db.ApplyPhaseAsync(message.PhaseId, new(message.Name, message.Status, message.InitiativeId, null, null,
                message.Version, message.OccurredAt), context.CancellationToken)
            : Task.CompletedTask;
}

internal sealed class InboxPhaseDeletedConsumer(CollaborationDbContext db, ILogger<InboxPhaseDeletedConsumer> logger)
    : InboxConsumer<PhaseDeleted, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(PhaseDeleted message, ConsumeContext<PhaseDeleted> context) =>
        context.Passes(logger, PlanProjection.Problems(message.PhaseId))
            ? Db.DeletePlanItemAsync(message.PhaseId, PlanItemKind.Phase, message.Version, message.OccurredAt,
                context.CancellationToken)
            : Task.CompletedTask;
}

internal sealed class InboxTaskCreatedConsumer(CollaborationDbContext db, ILogger<InboxTaskCreatedConsumer> logger)
    : InboxConsumer<TaskCreated, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(TaskCreated message, ConsumeContext<TaskCreated> context) =>
        context.Passes(logger, PlanProjection.Problems(message.TaskId))
            ? Db.ApplyTaskAsync(message.TaskId, new(message.Name, message.Status, message.InitiativeId,
                message.PhaseId, message.ParentTaskId, message.Version, message.OccurredAt), context.CancellationToken)
            : Task.CompletedTask;
}

internal sealed class InboxTaskUpdatedConsumer(CollaborationDbContext db, ILogger<InboxTaskUpdatedConsumer> logger)
    : InboxConsumer<TaskUpdated, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(TaskUpdated message, ConsumeContext<TaskUpdated> context) =>
        context.Passes(logger, PlanProjection.Problems(message.TaskId))
            ? Db.ApplyTaskAsync(message.TaskId, new(message.Name, message.Status, message.InitiativeId,
                message.PhaseId, message.ParentTaskId, message.Version, message.OccurredAt), context.CancellationToken)
            : Task.CompletedTask;
}

internal sealed class InboxTaskDeletedConsumer(CollaborationDbContext db, ILogger<InboxTaskDeletedConsumer> logger)
    : InboxConsumer<TaskDeleted, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(TaskDeleted message, ConsumeContext<TaskDeleted> context) =>
        context.Passes(logger, PlanProjection.Problems(message.TaskId))
            ? Db.DeletePlanItemAsync(message.TaskId, PlanItemKind.Task, message.Version, message.OccurredAt,
                context.CancellationToken)
            : Task.CompletedTask;
}

internal static class PlanInboxItems
{
    public const string PendingReview = "pending_review";
    public const string Completed = "completed";
    public const string Blocked = "blocked";

    public static async Task ApplyPhaseAsync(
        this CollaborationDbContext db, string phaseId, PlanItemState state, CancellationToken cancellationToken)
    {
        var previous = await db.UpsertPlanItemAsync(phaseId, PlanItemKind.Phase, state, cancellationToken);
        if (previous is null || previous == PendingReview || state.Status != PendingReview) return;
        db.Messages.Add(Message.Notice(Ids.New(), MessageKind.PhasePendingReview,
            new AgentContext(null, phaseId, state.InitiativeId, null), InboxTexts.PhasePendingReview(state.Name),
            state.At));
    }

    public static async Task ApplyTaskAsync(
        this CollaborationDbContext db, string taskId, PlanItemState state, CancellationToken cancellationToken)
    {
        var previous = await db.UpsertPlanItemAsync(taskId, PlanItemKind.Task, state, cancellationToken);
        if (previous is null || previous == state.Status) return;
        var (kind, text) = state.Status switch
        {
            Completed => (MessageKind.TaskCompleted, InboxTexts.TaskCompleted(state.Name)),
            Blocked => (MessageKind.TaskBlocked, InboxTexts.TaskBlocked(state.Name)),
            _ => ((MessageKind?)null, ""),
        };
        if (kind is null) return;
        var item = Message.Notice(Ids.New(), kind.Value,
            new AgentContext(taskId, state.PhaseId, state.InitiativeId, null), text, state.At);
        // The agent that worked the task, when one is known: the most recently changed one.
        var agent = await db.Agents.AsNoTracking().Where(a => a.TaskId == taskId && !a.IsDeleted)
            .OrderByDescending(a => a.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
        if (agent is not null) item.FromAgent(agent.AgentId, agent.Name, agent.Version);
        db.Messages.Add(item);
    }
}
