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
    public static async Task UpsertAsync(AgentsDbContext db, string kind, string id, string name, string? description,
        string? phaseId, string? initiativeId, long version, CancellationToken cancellationToken)
    {
        var view = await db.PlanningViews.FindAsync([kind, id], cancellationToken);
        if (view is null) db.PlanningViews.Add(PlanningView.Create(kind, id, name, description, phaseId, initiativeId, version));
        else view.Apply(name, description, phaseId, initiativeId, version);
    }

    /// <summary>Tombstones the entity and, as Planning's cascade did, everything under it.</summary>
    public static async Task DeleteAsync(AgentsDbContext db, string kind, string id, long version, CancellationToken cancellationToken)
    {
        var view = await db.PlanningViews.FindAsync([kind, id], cancellationToken);
        if (view is null) db.PlanningViews.Add(PlanningView.Tombstone(kind, id, version));
        else view.Delete(version);
        var children = kind switch
        {
            PlanningView.Initiative => db.PlanningViews.Where(v => v.InitiativeId == id && !v.IsDeleted),
            PlanningView.Phase => db.PlanningViews.Where(v => v.Kind == PlanningView.Task && v.PhaseId == id && !v.IsDeleted),
            _ => db.PlanningViews.Where(v => false),
        };
        foreach (var child in await children.ToListAsync(cancellationToken)) child.Delete();
    }
}

internal sealed class InitiativeCreatedConsumer(AgentsDbContext db) : InboxConsumer<InitiativeCreated, AgentsDbContext>(db)
{
    protected override Task HandleAsync(InitiativeCreated m, ConsumeContext<InitiativeCreated> context) =>
        PlanningViews.UpsertAsync(Db, PlanningView.Initiative, m.InitiativeId, m.Name, null, null, null, m.Version, context.CancellationToken);
}

internal sealed class InitiativeUpdatedConsumer(AgentsDbContext db) : InboxConsumer<InitiativeUpdated, AgentsDbContext>(db)
{
    protected override Task HandleAsync(InitiativeUpdated m, ConsumeContext<InitiativeUpdated> context) =>
        PlanningViews.UpsertAsync(Db, PlanningView.Initiative, m.InitiativeId, m.Name, null, null, null, m.Version, context.CancellationToken);
}

internal sealed class InitiativeDeletedConsumer(AgentsDbContext db) : InboxConsumer<InitiativeDeleted, AgentsDbContext>(db)
{
    protected override Task HandleAsync(InitiativeDeleted m, ConsumeContext<InitiativeDeleted> context) =>
        PlanningViews.DeleteAsync(Db, PlanningView.Initiative, m.InitiativeId, m.Version, context.CancellationToken);
}

internal sealed class PhaseCreatedConsumer(AgentsDbContext db) : InboxConsumer<PhaseCreated, AgentsDbContext>(db)
{
    protected override Task HandleAsync(PhaseCreated m, ConsumeContext<PhaseCreated> context) =>
        PlanningViews.UpsertAsync(Db, PlanningView.Phase, m.PhaseId, m.Name, null, null, m.InitiativeId, m.Version, context.CancellationToken);
}

internal sealed class PhaseUpdatedConsumer(AgentsDbContext db) : InboxConsumer<PhaseUpdated, AgentsDbContext>(db)
{
    protected override Task HandleAsync(PhaseUpdated m, ConsumeContext<PhaseUpdated> context) =>
        PlanningViews.UpsertAsync(Db, PlanningView.Phase, m.PhaseId, m.Name, null, null, m.InitiativeId, m.Version, context.CancellationToken);
}

internal sealed class PhaseDeletedConsumer(AgentsDbContext db) : InboxConsumer<PhaseDeleted, AgentsDbContext>(db)
{
    protected override Task HandleAsync(PhaseDeleted m, ConsumeContext<PhaseDeleted> context) =>
        PlanningViews.DeleteAsync(Db, PlanningView.Phase, m.PhaseId, m.Version, context.CancellationToken);
}

internal sealed class TaskCreatedConsumer(AgentsDbContext db) : InboxConsumer<TaskCreated, AgentsDbContext>(db)
{
    protected override Task HandleAsync(TaskCreated m, ConsumeContext<TaskCreated> context) =>
        PlanningViews.UpsertAsync(Db, PlanningView.Task, m.TaskId, m.Name, m.Description, m.PhaseId, m.InitiativeId, m.Version, context.CancellationToken);
}

internal sealed class TaskUpdatedConsumer(AgentsDbContext db) : InboxConsumer<TaskUpdated, AgentsDbContext>(db)
{
    protected override Task HandleAsync(TaskUpdated m, ConsumeContext<TaskUpdated> context) =>
        PlanningViews.UpsertAsync(Db, PlanningView.Task, m.TaskId, m.Name, m.Description, m.PhaseId, m.InitiativeId, m.Version, context.CancellationToken);
}

internal sealed class TaskDeletedConsumer(AgentsDbContext db) : InboxConsumer<TaskDeleted, AgentsDbContext>(db)
{
    protected override Task HandleAsync(TaskDeleted m, ConsumeContext<TaskDeleted> context) =>
        PlanningViews.DeleteAsync(Db, PlanningView.Task, m.TaskId, m.Version, context.CancellationToken);
}
