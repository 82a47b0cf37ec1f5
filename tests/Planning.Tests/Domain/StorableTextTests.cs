using Codewalkers.Planning.Domain;
using TaskStatus = Codewalkers.Planning.Domain.TaskStatus;

namespace Codewalkers.Planning.Tests.Domain;

/// <summary>Text from other services and tools is stored as readable as it can be made, never refused.</summary>
public sealed class StorableTextTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(1);

    // What git printed when a task's retry found its branch held by the crashed agent's worktree.
    private const string GitRefusal =
        "git worktree add /home/u/.codewalkers/workspace/agents/brave-otter/shop cw/shop-task-abc failed: " +
        "Preparing worktree (checking out 'cw/shop-task-abc')\nfatal: 'cw/shop-task-abc' is already checked out at " +
        "'/home/u/.codewalkers/workspace/agents/silent-pelican/shop'\r\n";

    [Fact]
    public void A_line_has_every_run_of_control_characters_and_whitespace_as_one_space_and_passes_the_name_guard()
    {
        var line = StorableText.Line($"The agent could not start: {GitRefusal}\0\u001b[31m\t end");

        Assert.Equal(
            "The agent could not start: git worktree add /home/u/.codewalkers/workspace/agents/brave-otter/shop "
            + "cw/shop-task-abc failed: Preparing worktree (checking out 'cw/shop-task-abc') "
            + "fatal: 'cw/shop-task-abc' is already checked out at "
            + "'/home/u/.codewalkers/workspace/agents/silent-pelican/shop' [31m end",
            line);
        Assert.Equal(line, Guard.Name("reason", line, Guard.MaxReasonLength));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\n\r\t \0")]
    public void A_line_with_nothing_readable_says_so_rather_than_being_empty(string? text) =>
        Assert.Equal("(no details)", StorableText.Line(text));

    [Fact]
    public void A_long_line_is_cut_at_the_limit_saying_so_without_splitting_a_character()
    {
        var emoji = "\U0001F600"; // two UTF-16 code units
        var line = StorableText.Line(new string('a', 1_993) + emoji + new string('b', 5_000));

        // The cut falls in the middle of the emoji: it goes whole.
        Assert.Equal(new string('a', 1_993) + " [...]", line);
        Assert.Equal(line, Guard.Name("reason", line, Guard.MaxReasonLength));
    }

    [Fact]
    public void Text_keeps_its_lines_and_tabs_replaces_other_control_characters_and_lone_surrogates_and_is_capped()
    {
        Assert.Equal(
            "line one\nline two\tend ? x\uFFFDy", StorableText.Text("line one\r\nline two\tend\0?\u0007x\ud800y", 100));
        Assert.Null(StorableText.Text(null, 10));
        var capped = StorableText.Text(new string('x', 50), 20)!;
        Assert.Equal(20, capped.Length);
        Assert.EndsWith(" [...]", capped);
    }

    [Fact]
    public void A_task_blocked_for_gits_multi_line_message_is_blocked_with_it_on_one_line()
    {
        var initiative = Initiative.Create("Shop", "cw/shop", ExecutionMode.Yolo, false, Now);
        var task = PlanTask.Create(
            initiative, Phase.Create(initiative, "Build", null, Now), null, "Task", null, TaskCategory.Execute,
            TaskPriority.Medium, null, Now);
        task.Start(Now);

        task.BlockFor($"The agent could not start: {GitRefusal}", Now);

        Assert.Equal(TaskStatus.Blocked, task.Status);
        Assert.Contains(
            "already checked out at '/home/u/.codewalkers/workspace/agents/silent-pelican/shop'", task.BlockedReason);
        Assert.DoesNotContain('\n', task.BlockedReason!);
    }

    [Fact]
    public void A_crash_reason_with_control_characters_blocks_the_task_after_the_last_retry_instead_of_throwing()
    {
        var initiative = Initiative.Create("Shop", "cw/shop", ExecutionMode.Yolo, false, Now);
        var task = PlanTask.Create(
            initiative, Phase.Create(initiative, "Build", null, Now), null, "Task", null, TaskCategory.Execute,
            TaskPriority.Medium, null, Now);
        for (var attempt = 0; attempt <= PlanTask.MaxAutomaticRetries; attempt++)
        {
            task.Start(Now);
            task.RecordCrash("process_crash\nexit 137", Now);
        }

        Assert.Equal(TaskStatus.Blocked, task.Status);
        Assert.Equal("Gave up after 3 automatic retries: process_crash exit 137", task.BlockedReason);
    }

    [Fact]
    public void An_assignment_error_keeps_its_lines_and_is_capped()
    {
        var assignment = AgentAssignment.Request("r1", AssignmentKind.Task, "execute", "i1", "p1", "t1", Now);

        assignment.Fail("fatal:\nno\0way" + new string('x', AgentAssignment.MaxErrorLength), Now);

        Assert.Equal(AssignmentStatus.Failed, assignment.Status);
        Assert.StartsWith("fatal:\nno way", assignment.Error);
        Assert.Equal(AgentAssignment.MaxErrorLength, assignment.Error!.Length);
    }
}
