using Codewalkers.Planning.Domain;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Tests.Domain;

public sealed class ChangeSetRevertTests : IDisposable
{
    private readonly InMemoryPlanning _planning = new();

    private async Task<(string PhaseId, string A, string B, string C)> PlanAsync()
    {
        var phase = await _planning.ProposeAsync(ProposalTargetType.Phase, "Phase", """{"fileId":"p"}""");
        var a = await _planning.ProposeAsync(ProposalTargetType.Task, "A", """{"fileId":"a","phaseId":"p"}""");
        var b = await _planning.ProposeAsync(
            ProposalTargetType.Task, "B", """{"fileId":"b","phaseId":"p","dependencies":["a"]}""");
        var c = await _planning.ProposeAsync(
            ProposalTargetType.Task, "C", """{"fileId":"c","phaseId":"p","dependencies":["b"]}""");
        await _planning.AcceptAsync(phase.Id, a.Id, b.Id, c.Id);
        var tasks = await _planning.QueryAsync(db => db.Tasks.ToDictionaryAsync(t => t.Name, t => t.Id));
        return (
            await _planning.QueryAsync(db => db.Phases.Select(p => p.Id).SingleAsync()),
            tasks["A"], tasks["B"], tasks["C"]);
    }

    [Fact]
    public async Task Reverting_an_accept_removes_what_it_created_including_dependencies()
    {
        var phase = await _planning.ProposeAsync(ProposalTargetType.Phase, "Phase", """{"fileId":"p"}""");
        var task = await _planning.ProposeAsync(ProposalTargetType.Task, "Task", """{"phaseId":"p"}""");
        var other = await _planning.ProposeAsync(
            ProposalTargetType.Task, "Other", """{"phaseId":"p","dependencies":[]}""");
        var changeSet = await _planning.AcceptAsync(phase.Id, task.Id, other.Id);

        await _planning.RevertAsync(changeSet.Id);

        Assert.Equal(0, await _planning.QueryAsync(db => db.Phases.CountAsync()));
        Assert.Equal(0, await _planning.QueryAsync(db => db.Tasks.CountAsync()));
        Assert.NotNull(
            (await _planning.QueryAsync(db => db.ChangeSets.SingleAsync(c => c.Id == changeSet.Id))).RevertedAt);
    }

    [Fact]
    public async Task Reverting_a_delete_restores_the_task_and_its_dependencies_in_both_directions()
    {
        var (_, a, b, c) = await PlanAsync();
        var delete = await _planning.ProposeAsync(
            ProposalTargetType.Task, "Drop B", """{"action":"delete"}""", targetId: b);
        var changeSet = await _planning.AcceptAsync(delete.Id);
        Assert.False(await _planning.QueryAsync(db => db.Tasks.AnyAsync(t => t.Id == b)));
        Assert.Empty(await _planning.QueryAsync(db => db.TaskDependencies.ToListAsync()));

        await _planning.RevertAsync(changeSet.Id);

        var tasks = await _planning.QueryAsync(
            db => db.Tasks.Include(t => t.Dependencies).ToDictionaryAsync(t => t.Id));
        Assert.Equal("B", tasks[b].Name);
        Assert.Equal([a], tasks[b].DependsOn);
        Assert.Equal([b], tasks[c].DependsOn);
    }

    [Fact]
    public async Task Reverting_a_deleted_phase_restores_its_tasks_and_their_dependencies()
    {
        var (phaseId, a, b, c) = await PlanAsync();
        var delete = await _planning.ProposeAsync(
            ProposalTargetType.Phase, "Drop phase", """{"action":"delete"}""", targetId: phaseId);
        var changeSet = await _planning.AcceptAsync(delete.Id);
        Assert.Equal(0, await _planning.QueryAsync(db => db.Tasks.CountAsync()));

        await _planning.RevertAsync(changeSet.Id);

        var tasks = await _planning.QueryAsync(
            db => db.Tasks.Include(t => t.Dependencies).ToDictionaryAsync(t => t.Id));
        Assert.Equal(new[] { a, b, c }.Order(), tasks.Keys.Order());
        Assert.All(tasks.Values, t => Assert.Equal(phaseId, t.PhaseId));
        Assert.Equal([a], tasks[b].DependsOn);
        Assert.Equal([b], tasks[c].DependsOn);
    }

    [Fact]
    public async Task Reverting_is_refused_when_a_later_change_would_be_overwritten_and_nothing_is_written()
    {
        var (_, a, _, _) = await PlanAsync();
        var update = await _planning.ProposeAsync(ProposalTargetType.Task, "A renamed", targetId: a);
        var changeSet = await _planning.AcceptAsync(update.Id);
        await using (var db = _planning.NewContext())
        {
            var task = await db.Tasks.SingleAsync(t => t.Id == a);
            task.Edit("A edited by the user", null, null, null, null, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        var refused = await Assert.ThrowsAsync<ConflictException>(() => _planning.RevertAsync(changeSet.Id));

        Assert.Contains(a, refused.Message);
        Assert.Equal(
            "A edited by the user",
            await _planning.QueryAsync(db => db.Tasks.Where(t => t.Id == a).Select(t => t.Name).SingleAsync()));
        Assert.Null(
            (await _planning.QueryAsync(db => db.ChangeSets.SingleAsync(c => c.Id == changeSet.Id))).RevertedAt);
    }

    [Fact]
    public async Task Reverting_a_created_phase_is_refused_when_a_task_was_added_to_it_since()
    {
        var phase = await _planning.ProposeAsync(ProposalTargetType.Phase, "Phase", """{"fileId":"p"}""");
        var changeSet = await _planning.AcceptAsync(phase.Id);
        var later = await _planning.ProposeAsync(ProposalTargetType.Task, "Added later", """{"phaseId":"p"}""");
        await _planning.AcceptAsync(later.Id);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => _planning.RevertAsync(changeSet.Id));

        Assert.Contains("Added later", refused.Message);
        Assert.Equal(1, await _planning.QueryAsync(db => db.Phases.CountAsync()));
    }

    [Fact]
    public async Task Change_sets_undone_newest_first_each_revert_and_the_plan_is_back_as_it_was()
    {
        var (_, a, b, _) = await PlanAsync();
        var renameA = await _planning.ProposeAsync(ProposalTargetType.Task, "A renamed", targetId: a);
        var first = await _planning.AcceptAsync(renameA.Id);
        var deleteA = await _planning.ProposeAsync(
            ProposalTargetType.Task, "Drop A", """{"action":"delete"}""", targetId: a);
        var second = await _planning.AcceptAsync(deleteA.Id);
        // The first cannot go before the second: it would bring back a task the second deleted.
        await Assert.ThrowsAsync<ConflictException>(() => _planning.RevertAsync(first.Id));

        await _planning.RevertAsync(second.Id);
        // A is back as the first change set left it (with a newer version): nothing later would be overwritten.
        await _planning.RevertAsync(first.Id);

        var tasks = await _planning.QueryAsync(
            db => db.Tasks.Include(t => t.Dependencies).ToDictionaryAsync(t => t.Id));
        Assert.Equal("A", tasks[a].Name);
        Assert.Equal([a], tasks[b].DependsOn);
    }

    [Fact]
    public async Task A_change_set_is_reverted_at_most_once()
    {
        var phase = await _planning.ProposeAsync(ProposalTargetType.Phase, "Phase");
        var changeSet = await _planning.AcceptAsync(phase.Id);
        await _planning.RevertAsync(changeSet.Id);

        await Assert.ThrowsAsync<ConflictException>(() => _planning.RevertAsync(changeSet.Id));
    }

    [Fact]
    public async Task Reverting_an_update_restores_the_previous_fields_with_a_newer_version()
    {
        var (_, a, _, _) = await PlanAsync();
        var before = await _planning.QueryAsync(db => db.Tasks.SingleAsync(t => t.Id == a));
        var update = await _planning.ProposeAsync(
            ProposalTargetType.Task, "A renamed", """{"priority":"low"}""", targetId: a);
        var changeSet = await _planning.AcceptAsync(update.Id);

        await _planning.RevertAsync(changeSet.Id);

        var after = await _planning.QueryAsync(db => db.Tasks.SingleAsync(t => t.Id == a));
        Assert.Equal(("A", before.Priority), (after.Name, after.Priority));
        Assert.True(after.Version > before.Version + 1);
    }

    public void Dispose() => _planning.Dispose();

    [Fact]
    public async Task Reverting_an_accept_returns_its_proposals_to_pending_and_they_can_be_accepted_again()
    {
        var phase = await _planning.ProposeAsync(ProposalTargetType.Phase, "Phase", """{"fileId":"p"}""");
        var task = await _planning.ProposeAsync(ProposalTargetType.Task, "Task", """{"phaseId":"p"}""");
        var untouched = await _planning.ProposeAsync(ProposalTargetType.Page, "Notes");
        var changeSet = await _planning.AcceptAsync(phase.Id, task.Id);

        await _planning.RevertAsync(changeSet.Id);

        var proposals = await _planning.QueryAsync(db => db.Proposals.ToDictionaryAsync(p => p.Id));
        Assert.All([proposals[phase.Id], proposals[task.Id]], p =>
            Assert.Equal((ProposalStatus.Pending, null, null), (p.Status, p.AppliedEntityId, p.ChangeSetId)));
        Assert.Equal(untouched.Version, proposals[untouched.Id].Version);
        await _planning.AcceptAsync(phase.Id, task.Id);
        Assert.Equal(1, await _planning.QueryAsync(db => db.Tasks.CountAsync()));
    }
}
