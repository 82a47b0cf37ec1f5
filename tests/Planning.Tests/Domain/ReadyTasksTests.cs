using Codewalkers.Planning.Domain;
using TaskStatus = Codewalkers.Planning.Domain.TaskStatus;

namespace Codewalkers.Planning.Tests.Domain;

public sealed class ReadyTasksTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    private static ReadyTasks.Node Node(
        string id,
        TaskStatus status = TaskStatus.Pending,
        TaskCategory category = TaskCategory.Execute,
        TaskPriority priority = TaskPriority.Medium,
        int minute = 0) =>
        new(id, status, category, priority, T0.AddMinutes(minute));

    [Fact]
    public void A_pending_task_is_ready_only_when_every_dependency_is_completed()
    {
        var tasks = new[]
        {
            Node("done", TaskStatus.Completed), Node("running", TaskStatus.InProgress), Node("a"), Node("b"),
        };

        var ready = ReadyTasks.Compute(tasks, [("a", "done"), ("b", "done"), ("b", "running")]);

        Assert.Equal(["a"], ready);
    }

    [Fact]
    public void Planning_categories_never_enter_the_execution_queue()
    {
        var ready = ReadyTasks.Compute(
            [
                Node("plan", category: TaskCategory.Plan),
                Node("detail", category: TaskCategory.Detail),
                Node("verify", category: TaskCategory.Verify),
            ],
            []);

        Assert.Equal(["verify"], ready);
    }

    [Fact]
    public void Ready_tasks_come_highest_priority_first_then_oldest_first()
    {
        var tasks = new[]
        {
            Node("low-old", priority: TaskPriority.Low, minute: 0),
            Node("high-new", priority: TaskPriority.High, minute: 5),
            Node("high-old", priority: TaskPriority.High, minute: 1),
            Node("medium", minute: 2),
        };

        Assert.Equal(["high-old", "high-new", "medium", "low-old"], ReadyTasks.Compute(tasks, []));
    }

    [Fact]
    public void Blocked_and_completed_tasks_are_not_ready()
    {
        Assert.Empty(ReadyTasks.Compute(
            [Node("x", TaskStatus.Blocked), Node("y", TaskStatus.Completed), Node("z", TaskStatus.QualityReview)], []));
    }
}
