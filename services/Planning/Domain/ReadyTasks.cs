namespace Codewalkers.Planning.Domain;

/// <summary>
/// The tasks dispatch may start now: pending, of an execution category, with every dependency completed; highest
/// priority first, then oldest. Linear in tasks + edges, so a 10,000-task graph is a few milliseconds.
/// </summary>
public static class ReadyTasks
{
    public readonly record struct Node(string Id, TaskStatus Status, TaskCategory Category, TaskPriority Priority, DateTimeOffset CreatedAt);

    /// <summary>Planning categories run on the project's default branch and never enter the execution queue.</summary>
    public static bool IsExecution(TaskCategory category) =>
        category is TaskCategory.Execute or TaskCategory.Verify or TaskCategory.Merge or TaskCategory.Review;

    public static List<string> Compute(IReadOnlyList<Node> tasks, IEnumerable<(string TaskId, string DependsOnTaskId)> edges)
    {
        var completed = new HashSet<string>(tasks.Count, StringComparer.Ordinal);
        var candidates = new Dictionary<string, Node>(tasks.Count, StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (task.Status == TaskStatus.Completed) completed.Add(task.Id);
            else if (task.Status == TaskStatus.Pending && IsExecution(task.Category)) candidates[task.Id] = task;
        }

        var waiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (taskId, dependsOn) in edges)
        {
            if (candidates.ContainsKey(taskId) && !completed.Contains(dependsOn)) waiting.Add(taskId);
        }

        var ready = new List<Node>(candidates.Count - waiting.Count);
        foreach (var candidate in candidates.Values)
        {
            if (!waiting.Contains(candidate.Id)) ready.Add(candidate);
        }
        ready.Sort((a, b) => b.Priority != a.Priority ? b.Priority.CompareTo(a.Priority) : a.CreatedAt.CompareTo(b.CreatedAt));
        return ready.ConvertAll(n => n.Id);
    }
}
