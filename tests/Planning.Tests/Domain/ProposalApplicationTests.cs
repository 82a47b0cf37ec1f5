using Codewalkers.Planning.Domain;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Tests.Domain;

public sealed class ProposalApplicationTests : IDisposable
{
    private readonly InMemoryPlanning _planning = new();

    [Fact]
    public async Task Dependencies_on_proposals_later_in_the_batch_are_resolved_in_the_second_pass()
    {
        var phase = await _planning.ProposeAsync(ProposalTargetType.Phase, "Backend", """{"fileId":"p1"}""");
        // "Write tests" sorts first but depends on "Build API", which is created after it in the first pass.
        var tests = await _planning.ProposeAsync(
            ProposalTargetType.Task, "Write tests", """{"fileId":"t2","phaseId":"p1","dependencies":["t1"]}""",
            sortOrder: 0);
        var build = await _planning.ProposeAsync(
            ProposalTargetType.Task, "Build API", """{"fileId":"t1","phaseId":"p1","priority":"high"}""",
            sortOrder: 1);

        var changeSet = await _planning.AcceptAsync(phase.Id, tests.Id, build.Id);

        var tasks = await _planning.QueryAsync(db => db.Tasks.Include(t => t.Dependencies).ToListAsync());
        var phases = await _planning.QueryAsync(db => db.Phases.ToListAsync());
        var testsTask = tasks.Single(t => t.Name == "Write tests");
        var buildTask = tasks.Single(t => t.Name == "Build API");
        Assert.Equal([buildTask.Id], testsTask.DependsOn);
        Assert.All(tasks, t => Assert.Equal(Assert.Single(phases).Id, t.PhaseId));
        Assert.Equal(TaskPriority.High, buildTask.Priority);
        Assert.Contains(
            changeSet.Entries,
            e => e.EntityType == ChangeSetEntry.TaskDependency && e.EntityId == $"{testsTask.Id}->{buildTask.Id}");
        var accepted = await _planning.QueryAsync(db => db.Proposals.ToListAsync());
        Assert.All(accepted, p => Assert.Equal(ProposalStatus.Accepted, p.Status));
        Assert.Equal(buildTask.Id, accepted.Single(p => p.Id == build.Id).AppliedEntityId);
    }

    [Fact]
    public async Task Accepting_one_proposal_that_depends_on_a_still_pending_one_is_refused_and_changes_nothing()
    {
        await _planning.ProposeAsync(ProposalTargetType.Phase, "First", """{"fileId":"a"}""");
        var second = await _planning.ProposeAsync(
            ProposalTargetType.Phase, "Second", """{"fileId":"b","dependencies":["a"]}""");

        var refused = await Assert.ThrowsAsync<ConflictException>(() => _planning.AcceptAsync(second.Id));

        Assert.Contains("First", refused.Message);
        Assert.Equal(0, await _planning.QueryAsync(db => db.Phases.CountAsync()));
        Assert.Equal(0, await _planning.QueryAsync(db => db.ChangeSets.CountAsync()));
    }

    [Fact]
    public async Task A_dependency_on_a_proposal_accepted_earlier_resolves_to_the_entity_it_created()
    {
        var first = await _planning.ProposeAsync(ProposalTargetType.Phase, "First", """{"fileId":"a"}""");
        var second = await _planning.ProposeAsync(ProposalTargetType.Phase, "Second", """{"dependencies":["a"]}""");
        await _planning.AcceptAsync(first.Id);

        await _planning.AcceptAsync(second.Id);

        var phases = await _planning.QueryAsync(db => db.Phases.Include(p => p.Dependencies).ToListAsync());
        Assert.Equal([phases.Single(p => p.Name == "First").Id], phases.Single(p => p.Name == "Second").DependsOn);
    }

    [Fact]
    public async Task A_dependency_that_resolves_to_nothing_fails_the_accept_instead_of_being_dropped()
    {
        var task = await _planning.ProposeAsync(ProposalTargetType.Task, "Orphan", """{"dependencies":["nowhere"]}""");

        var refused = await Assert.ThrowsAsync<ValidationException>(() => _planning.AcceptAsync(task.Id));

        Assert.Contains("nowhere", refused.Message);
        Assert.Equal(0, await _planning.QueryAsync(db => db.Tasks.CountAsync()));
    }

    [Fact]
    public async Task An_update_proposal_changes_the_target_and_records_before_and_after()
    {
        var create = await _planning.ProposeAsync(ProposalTargetType.Page, "Overview");
        await _planning.AcceptAsync(create.Id);
        var page = await _planning.QueryAsync(db => db.Pages.SingleAsync(p => p.Title == "Overview"));
        var update = await _planning.ProposeAsync(ProposalTargetType.Page, "Overview v2", targetId: page.Id);

        var changeSet = await _planning.AcceptAsync(update.Id);

        var entry = Assert.Single(changeSet.Entries);
        Assert.Equal(ChangeAction.Update, entry.Action);
        Assert.Contains("\"title\":\"Overview\"", entry.Before);
        Assert.Contains("\"title\":\"Overview v2\"", entry.After);
    }

    [Fact]
    public async Task Metadata_that_is_not_a_JSON_object_is_refused_when_the_proposal_is_made()
    {
        var refused = await Assert.ThrowsAsync<ValidationException>(
            () => _planning.ProposeAsync(ProposalTargetType.Task, "Bad", "[1]"));
        Assert.True(refused.Errors.ContainsKey("metadata"));
        await Assert.ThrowsAsync<ValidationException>(
            () => _planning.ProposeAsync(ProposalTargetType.Task, "Bad", """{"priority":"urgent"}"""));
        await Assert.ThrowsAsync<ValidationException>(
            () => _planning.ProposeAsync(ProposalTargetType.Page, "Bad", """{"dependencies":["x"]}"""));
    }

    public void Dispose() => _planning.Dispose();
}
