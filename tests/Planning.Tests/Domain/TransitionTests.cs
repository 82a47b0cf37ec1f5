using Codewalkers.Planning.Domain;
using Codewalkers.SharedKernel.Errors;
using TaskStatus = Codewalkers.Planning.Domain.TaskStatus;

namespace Codewalkers.Planning.Tests.Domain;

public sealed class TransitionTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(1);
    private readonly Initiative _initiative =
        Initiative.Create("Auth", "cw/auth", ExecutionMode.ReviewPerPhase, false, Now);

    private Phase NewPhase(string name = "Phase") => Phase.Create(_initiative, name, null, Now);

    private PlanTask NewTask(Phase? phase = null) =>
        PlanTask.Create(
            _initiative, phase ?? NewPhase(), null, "Task", null, TaskCategory.Execute, TaskPriority.Medium, null, Now);

    [Fact]
    public void A_phase_walks_pending_approved_in_progress_pending_review_completed_bumping_its_version_each_time()
    {
        var phase = NewPhase();
        phase.Approve(Now);
        phase.Start(Now);
        phase.SubmitForReview(Now);
        phase.Complete(Now);

        Assert.Equal(PhaseStatus.Completed, phase.Status);
        Assert.Equal(5, phase.Version);
    }

    [Fact]
    public void Starting_a_phase_that_is_not_approved_is_a_conflict_naming_both_states()
    {
        var phase = NewPhase("Backend");

        var refused = Assert.Throws<ConflictException>(() => phase.Start(Now));

        Assert.Contains("pending", refused.Message);
        Assert.Contains("approved", refused.Message);
        Assert.Contains("Backend", refused.Message);
        Assert.Equal(PhaseStatus.Pending, phase.Status);
        Assert.Equal(1, phase.Version);
    }

    [Fact]
    public void Blocking_a_phase_needs_a_reason_and_unblocking_returns_it_to_approved()
    {
        var phase = NewPhase();
        Assert.Throws<ValidationException>(() => phase.Block(" ", Now));
        Assert.Equal(PhaseStatus.Pending, phase.Status);

        phase.Block("waiting for the API key", Now);
        Assert.Equal("waiting for the API key", phase.BlockedReason);
        phase.Unblock(Now);

        Assert.Equal(PhaseStatus.Approved, phase.Status);
        Assert.Null(phase.BlockedReason);
    }

    [Fact]
    public void A_completed_phase_cannot_be_blocked_or_approved_again()
    {
        var phase = NewPhase();
        phase.Approve(Now);
        phase.Start(Now);
        phase.Complete(Now);

        Assert.Throws<ConflictException>(() => phase.Block("late", Now));
        Assert.Throws<ConflictException>(() => phase.Approve(Now));
    }

    [Fact]
    public void Retrying_a_blocked_task_makes_it_pending_with_a_fresh_retry_budget()
    {
        var task = NewTask();
        task.Start(Now);
        task.RecordCrash("process_crash", Now);
        task.Start(Now);
        task.RecordCrash("process_crash", Now);
        Assert.Equal(2, task.RetryCount);
        task.Block("needs a human", Now);

        task.Retry(Now);

        Assert.Equal(TaskStatus.Pending, task.Status);
        Assert.Equal(0, task.RetryCount);
        Assert.Null(task.BlockedReason);
    }

    [Fact]
    public void A_task_that_crashes_more_than_the_retry_budget_is_blocked_with_the_reason()
    {
        var task = NewTask();
        for (var i = 0; i < PlanTask.MaxAutomaticRetries; i++)
        {
            task.Start(Now);
            task.RecordCrash("process_crash", Now);
            Assert.Equal(TaskStatus.Pending, task.Status);
        }
        task.Start(Now);
        task.RecordCrash("process_crash", Now);

        Assert.Equal(TaskStatus.Blocked, task.Status);
        Assert.Contains("process_crash", task.BlockedReason);
    }

    [Fact]
    public void Retrying_a_task_that_is_not_blocked_is_a_conflict()
    {
        var task = NewTask();

        Assert.Throws<ConflictException>(() => task.Retry(Now));
    }

    [Fact]
    public void Completing_a_task_stores_its_summary_and_a_completed_task_cannot_start_again()
    {
        var task = NewTask();
        task.Start(Now);
        task.SubmitForQualityReview(Now);
        task.Complete("Added the login endpoint", Now);

        Assert.Equal("Added the login endpoint", task.Summary);
        Assert.Throws<ConflictException>(() => task.Start(Now));
    }

    [Fact]
    public void A_task_dependency_that_would_close_a_cycle_is_refused_naming_the_cycle()
    {
        var phase = NewPhase();
        var a = NewTask(phase);
        var b = NewTask(phase);
        var graph = new DependencyGraph([]);
        a.DependOn(b, graph, Now);

        var refused = Assert.Throws<ConflictException>(() => b.DependOn(a, graph, Now));

        Assert.Contains($"{b.Id} -> {a.Id} -> {b.Id}", refused.Message);
        Assert.Empty(b.DependsOn);
    }

    [Fact]
    public void A_dependency_across_initiatives_is_invalid_input()
    {
        var other = Initiative.Create("Other", "cw/other", ExecutionMode.Yolo, false, Now);
        var mine = NewPhase();
        var theirs = Phase.Create(other, "Theirs", null, Now);

        Assert.Throws<ValidationException>(() => mine.DependOn(theirs, new DependencyGraph([]), Now));
    }

    [Fact]
    public void Depending_twice_on_the_same_phase_changes_nothing_the_second_time()
    {
        var a = NewPhase();
        var b = NewPhase();
        var graph = new DependencyGraph([]);

        Assert.True(a.DependOn(b, graph, Now));
        var version = a.Version;
        Assert.False(a.DependOn(b, graph, Now));
        Assert.Equal(version, a.Version);
    }

    [Fact]
    public void The_branch_cannot_change_once_a_task_has_left_pending_but_setting_the_same_branch_is_fine()
    {
        Assert.Throws<ConflictException>(() => _initiative.ChangeBranch("cw/other", locked: true, Now));
        _initiative.ChangeBranch("cw/auth", locked: true, Now);
        _initiative.ChangeBranch("cw/auth-v2", locked: false, Now);

        Assert.Equal("cw/auth-v2", _initiative.Branch);
    }

    [Theory]
    [InlineData("User Auth!", "cw/user-auth")]
    [InlineData("  Ünïcode & spaces  ", "cw/n-code-spaces")]
    [InlineData("!!!", "cw/initiative")]
    public void Branch_names_are_slugs_of_the_name(string name, string expected) =>
        Assert.Equal(expected, Initiative.BranchCandidates(name).First());

    [Fact]
    public void Setting_projects_only_touches_the_links_that_change()
    {
        _initiative.SetProjects(["p1", "p2"], Now);
        var version = _initiative.Version;

        Assert.False(_initiative.SetProjects(["p2", "p1"], Now));
        Assert.Equal(version, _initiative.Version);
        Assert.True(_initiative.SetProjects(["p2", "p3"], Now));
        Assert.Equal(["p2", "p3"], _initiative.Projects.Select(p => p.ProjectId).Order());
    }

    [Fact]
    public void Archiving_twice_is_a_conflict_and_reactivating_returns_to_active()
    {
        _initiative.Archive(Now);
        Assert.Throws<ConflictException>(() => _initiative.Archive(Now));
        _initiative.Reactivate(Now);

        Assert.Equal(InitiativeStatus.Active, _initiative.Status);
    }

    [Fact]
    public void A_page_cannot_move_under_its_own_descendant()
    {
        var root = Page.CreateRoot(_initiative, Now);
        var parent = Page.Create(root, "Parent", null, 0, Now);
        var child = Page.Create(parent, "Child", null, 0, Now);
        Page[] pages = [root, parent, child];

        Assert.Throws<ConflictException>(() => parent.MoveTo(child, 0, pages, Now));
        Assert.Throws<ConflictException>(() => root.MoveTo(child, 0, pages, Now));
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("not json")]
    [InlineData("\"a string\"")]
    public void Page_content_must_be_a_JSON_object(string content)
    {
        var root = Page.CreateRoot(_initiative, Now);

        var refused = Assert.Throws<ValidationException>(() => Page.Create(root, "Doc", content, 0, Now));
        Assert.True(refused.Errors.ContainsKey("content"));
    }
}
