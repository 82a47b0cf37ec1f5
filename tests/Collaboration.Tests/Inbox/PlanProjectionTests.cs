using Codewalkers.Collaboration.Domain.Inbox;
using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.Contracts.Planning;
using Codewalkers.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using static Codewalkers.Collaboration.Tests.Inbox.InboxEvents;

namespace Codewalkers.Collaboration.Tests.Inbox;

/// <summary>The plan read model (names and statuses shown with inbox items), fed by Planning's events.</summary>
public sealed class PlanProjectionTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    private Task<PlanItemView> ViewAsync(string id) =>
        factory.QueryAsync(db => db.PlanItems.AsNoTracking().SingleAsync(p => p.Id == id));

    [Fact]
    public async Task An_older_event_after_a_newer_one_does_not_move_the_name_back()
    {
        var (phase, initiative) = (Ids.New(), Ids.New());
        await factory.PhaseAsync(phase, initiative, "Payments v2", "approved", 3);
        await factory.PhaseAsync(phase, initiative, "Payments", "pending", 2);

        var view = await ViewAsync(phase);
        Assert.Equal(("Payments v2", "approved", 3L, PlanItemKind.Phase),
            (view.Name, view.Status, view.Version, view.Kind));
    }

    [Fact]
    public async Task Deleting_an_initiative_cascades_to_its_phases_and_tasks_and_nothing_brings_them_back()
    {
        var plan = await factory.PlanAsync();
        var subtask = Ids.New();
        await factory.TaskAsync(subtask, plan.PhaseId, plan.InitiativeId, "Webhooks", "pending", 1, plan.TaskId);

        await factory.DeliverAsync(new InitiativeDeleted(plan.InitiativeId, 9, At), NewId.NextGuid());
        await factory.TaskAsync(plan.TaskId, plan.PhaseId, plan.InitiativeId, "Add Stripe", "completed", 5);
        var late = Ids.New();
        await factory.TaskAsync(late, plan.PhaseId, plan.InitiativeId, "Late", "pending", 1);

        foreach (var id in new[] { plan.InitiativeId, plan.PhaseId, plan.TaskId, subtask, late })
            Assert.True((await ViewAsync(id)).IsDeleted, $"{id} is deleted");
        // The tombstone keeps the name (old items still say what they were about) and raised nothing.
        var task = await ViewAsync(plan.TaskId);
        Assert.Equal(("Add Stripe", "in_progress"), (task.Name, task.Status));
        Assert.False(await factory.QueryAsync(db => db.Messages.AnyAsync(m => m.TaskId == plan.TaskId)));
    }

    [Fact]
    public async Task Deleting_a_task_cascades_to_its_subtasks_at_any_depth_but_not_to_its_siblings()
    {
        var plan = await factory.PlanAsync();
        var (child, grandchild, sibling) = (Ids.New(), Ids.New(), Ids.New());
        await factory.TaskAsync(child, plan.PhaseId, plan.InitiativeId, "child", "pending", 1, plan.TaskId);
        await factory.TaskAsync(grandchild, plan.PhaseId, plan.InitiativeId, "grandchild", "pending", 1, child);
        await factory.TaskAsync(sibling, plan.PhaseId, plan.InitiativeId, "sibling", "pending", 1);

        await factory.DeliverAsync(new TaskDeleted(plan.TaskId, plan.PhaseId, plan.InitiativeId, 4, At),
            NewId.NextGuid());

        Assert.True((await ViewAsync(child)).IsDeleted);
        Assert.True((await ViewAsync(grandchild)).IsDeleted);
        Assert.False((await ViewAsync(sibling)).IsDeleted);
        Assert.False((await ViewAsync(plan.PhaseId)).IsDeleted);
    }

    [Fact]
    public async Task An_event_whose_id_is_no_id_is_ignored()
    {
        await factory.DeliverAsync(new PhaseUpdated("../etc", Ids.New(), "x", "pending_review", [], 1, At),
            NewId.NextGuid());
        Assert.False(await factory.QueryAsync(db => db.PlanItems.AnyAsync(p => p.Id == "../etc")));
    }
}
