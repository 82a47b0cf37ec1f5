using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Contracts.Planning;
using Codewalkers.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Consumers;

/// <summary>Upserts and tombstones of the planning read model, shared by the consumers below.</summary>
internal static class PlanningViews
{
    public static async Task UpsertAsync(
        AgentsDbContext db, string kind, string id, string name, string? description, string? phaseId,
        string? initiativeId, long version, CancellationToken cancellationToken)
    {
        var view = await db.PlanningViews.FindAsync([kind, id], cancellationToken);
        if (view is null)
            db.PlanningViews.Add(PlanningView.Create(kind, id, name, description, phaseId, initiativeId, version));
        else view.Apply(name, description, phaseId, initiativeId, version);
    }

    /// <summary>Tombstones the entity and, as Planning's cascade did, everything under it.</summary>
    public static async Task DeleteAsync(
        AgentsDbContext db, string kind, string id, long version, CancellationToken cancellationToken)
    {
        var view = await db.PlanningViews.FindAsync([kind, id], cancellationToken);
        if (view is null) db.PlanningViews.Add(PlanningView.Tombstone(kind, id, version));
        else view.Delete(version);
        var children = kind switch
        {
            PlanningView.Initiative => db.PlanningViews.Where(v => v.InitiativeId == id && !v.IsDeleted),
            PlanningView.Phase =>
                db.PlanningViews.Where(v => v.Kind == PlanningView.Task && v.PhaseId == id && !v.IsDeleted),
            _ => db.PlanningViews.Where(v => false),
        };
        foreach (var child in await children.ToListAsync(cancellationToken)) child.Delete();
    }
}

internal sealed class InitiativeCreatedConsumer(AgentsDbContext db)
    : InboxConsumer<InitiativeCreated, AgentsDbContext>(db)
{
    protected override Task HandleAsync(InitiativeCreated created, ConsumeContext<InitiativeCreated> context) =>
        PlanningViews.UpsertAsync(Db, PlanningView.Initiative, created.InitiativeId, created.Name, null,
            null, null, created.Version, context.CancellationToken);
}

internal sealed class InitiativeUpdatedConsumer(AgentsDbContext db)
    : InboxConsumer<InitiativeUpdated, AgentsDbContext>(db)
{
    protected override Task HandleAsync(InitiativeUpdated updated, ConsumeContext<InitiativeUpdated> context) =>
        PlanningViews.UpsertAsync(Db, PlanningView.Initiative, updated.InitiativeId, updated.Name, null,
            null, null, updated.Version, context.CancellationToken);
}

internal sealed class InitiativeDeletedConsumer(AgentsDbContext db)
    : InboxConsumer<InitiativeDeleted, AgentsDbContext>(db)
{
    protected override Task HandleAsync(InitiativeDeleted deleted, ConsumeContext<InitiativeDeleted> context) =>
        PlanningViews.DeleteAsync(
            Db, PlanningView.Initiative, deleted.InitiativeId, deleted.Version, context.CancellationToken);
}

internal sealed class PhaseCreatedConsumer(AgentsDbContext db)
    : InboxConsumer<PhaseCreated, AgentsDbContext>(db)
{
    protected override Task HandleAsync(PhaseCreated created, ConsumeContext<PhaseCreated> context) =>
        PlanningViews.UpsertAsync(Db, PlanningView.Phase, created.PhaseId, created.Name, null,
            null, created.InitiativeId, created.Version, context.CancellationToken);
}

internal sealed class PhaseUpdatedConsumer(AgentsDbContext db)
    : InboxConsumer<PhaseUpdated, AgentsDbContext>(db)
{
    protected override Task HandleAsync(PhaseUpdated updated, ConsumeContext<PhaseUpdated> context) =>
        PlanningViews.UpsertAsync(Db, PlanningView.Phase, updated.PhaseId, updated.Name, null,
            null, updated.InitiativeId, updated.Version, context.CancellationToken);
}

internal sealed class PhaseDeletedConsumer(AgentsDbContext db)
    : InboxConsumer<PhaseDeleted, AgentsDbContext>(db)
{
    protected override Task HandleAsync(PhaseDeleted deleted, ConsumeContext<PhaseDeleted> context) =>
        PlanningViews.DeleteAsync(
            Db, PlanningView.Phase, deleted.PhaseId, deleted.Version, context.CancellationToken);
}

internal sealed class TaskCreatedConsumer(AgentsDbContext db)
    : InboxConsumer<TaskCreated, AgentsDbContext>(db)
{
    protected override Task HandleAsync(TaskCreated created, ConsumeContext<TaskCreated> context) =>
        PlanningViews.UpsertAsync(Db, PlanningView.Task, created.TaskId, created.Name, created.Description,
            created.PhaseId, created.InitiativeId, created.Version, context.CancellationToken);
}

internal sealed class TaskUpdatedConsumer(AgentsDbContext db)
    : InboxConsumer<TaskUpdated, AgentsDbContext>(db)
{
    protected override Task HandleAsync(TaskUpdated updated, ConsumeContext<TaskUpdated> context) =>
        PlanningViews.UpsertAsync(Db, PlanningView.Task, updated.TaskId, updated.Name, updated.Description,
            updated.PhaseId, updated.InitiativeId, updated.Version, context.CancellationToken);
}

internal sealed class TaskDeletedConsumer(AgentsDbContext db)
    : InboxConsumer<TaskDeleted, AgentsDbContext>(db)
{
    protected override Task HandleAsync(TaskDeleted deleted, ConsumeContext<TaskDeleted> context) =>
        PlanningViews.DeleteAsync(
            Db, PlanningView.Task, deleted.TaskId, deleted.Version, context.CancellationToken);
}
