using Codewalkers.Contracts.Planning;
using Codewalkers.Planning.Domain;

namespace Codewalkers.Planning.Tests.Domain;

/// <summary>
/// Each entity queues the one event of what happened to it since the last save, built from its final state.
/// </summary>
public sealed class EntityEventsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(1);
    private static readonly DateTimeOffset Later = Now.AddMinutes(5);

    private static Initiative NewInitiative()
        => Initiative.Create("Auth", "cw/auth", ExecutionMode.ReviewPerPhase, false, Now);

    private static T Saved<T>(T entity) where T : VersionedEntity
    {
        entity.ClearEvents();
        return entity;
    }

    [Fact]
    public void A_new_entity_announces_its_creation_once_with_the_state_it_has_when_saved()
    {
        var initiative = NewInitiative();
        initiative.SetProjects(["p2", "p1"], Later);

        var created = Assert.IsType<InitiativeCreated>(Assert.Single(initiative.PendingEvents));

        Assert.Equal((initiative.Id, 2L, Later, "p1,p2"),
            (created.InitiativeId, created.Version, created.OccurredAt, string.Join(',', created.ProjectIds)));
    }

    [Fact]
    public void Several_changes_before_a_save_are_one_update_with_the_final_state_and_version()
    {
        var initiative = Saved(NewInitiative());
        var phase = Saved(Phase.Create(initiative, "Build", null, Now));

        phase.Approve(Now);
        phase.Start(Later);

        var updated = Assert.IsType<PhaseUpdated>(Assert.Single(phase.PendingEvents));
        Assert.Equal(("in_progress", 3L, Later), (updated.Status, updated.Version, updated.OccurredAt));
    }

    [Fact]
    public void Every_kind_of_entity_announces_a_change()
    {
        var initiative = Saved(NewInitiative());
        var page = Saved(Page.Create(Saved(Page.CreateRoot(initiative, Now)), "Notes", null, null, Now));
        var phase = Saved(Phase.Create(initiative, "Build", null, Now));
        var task = Saved(PlanTask.Create(initiative, phase, null, "Code", null, TaskCategory.Execute,
            TaskPriority.Medium, null, Now));
        var proposal = Saved(Proposal.Create(initiative, "agent-1", ProposalTargetType.Task, null, "Test", null, null,
            null, null, Now));

        initiative.Rename("Login", Later);
        page.Edit("Notes, later", null, Later);
        phase.Approve(Later);
        task.Start(Later);
        proposal.Dismiss(Later);

        Assert.Equal("Login", Assert.IsType<InitiativeUpdated>(Assert.Single(initiative.PendingEvents)).Name);
        Assert.Equal("Notes, later", Assert.IsType<PageUpdated>(Assert.Single(page.PendingEvents)).Title);
        Assert.Equal("approved", Assert.IsType<PhaseUpdated>(Assert.Single(phase.PendingEvents)).Status);
        Assert.Equal("in_progress", Assert.IsType<TaskUpdated>(Assert.Single(task.PendingEvents)).Status);
        Assert.Equal("dismissed", Assert.IsType<ProposalStatusChanged>(Assert.Single(proposal.PendingEvents)).Status);
    }

    [Fact]
    public void An_unchanged_entity_announces_nothing_and_a_save_clears_what_was_announced()
    {
        var initiative = NewInitiative();
        Assert.NotEmpty(initiative.PendingEvents);

        initiative.ClearEvents();

        Assert.Empty(initiative.PendingEvents);
    }

    [Fact]
    public void A_delete_replaces_earlier_changes_and_carries_the_next_version_and_its_time()
    {
        var initiative = Saved(NewInitiative());
        var task = Saved(PlanTask.Create(initiative, null, null, "Code", null, TaskCategory.Execute,
            TaskPriority.Medium, null, Now));
        task.Start(Now);

        task.Delete(Later);

        var deleted = Assert.IsType<TaskDeleted>(Assert.Single(task.PendingEvents));
        Assert.Equal((task.Id, 3L, Later), (deleted.TaskId, deleted.Version, deleted.OccurredAt));
    }

    [Fact]
    public void An_entity_restored_from_its_snapshot_is_announced_as_created_past_its_deleted_version()
    {
        var initiative = Saved(NewInitiative());
        var task = Saved(PlanTask.Create(initiative, null, null, "Code", null, TaskCategory.Execute,
            TaskPriority.Medium, null, Now));

        var restored = PlanTask.FromSnapshot(task.Snapshot(), Later);

        var created = Assert.IsType<TaskCreated>(Assert.Single(restored.PendingEvents));
        Assert.Equal((task.Id, 3L), (created.TaskId, created.Version));
    }

    [Fact]
    public void An_unchanged_entity_can_be_announced_explicitly_with_its_current_version()
    {
        var initiative = Saved(NewInitiative());

        initiative.AnnounceEvenIfUnchanged();

        Assert.Equal(1L, Assert.IsType<InitiativeUpdated>(Assert.Single(initiative.PendingEvents)).Version);
    }
}
