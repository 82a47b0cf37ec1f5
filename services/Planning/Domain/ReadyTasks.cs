namespace Codewalkers.Planning.Domain;

/// <summary>
/// The tasks dispatch may start now: pending, of an execution category, with every dependency completed; highest
/// priority first, then oldest. Linear in tasks + edges, so a 10,000-task graph is a few milliseconds.
/// </summary>
public static class ReadyTasks
{
    public readonly record struct Node(string Id, TaskStatus Status, TaskCategory Category, TaskPriority Priority,
        DateTimeOffset CreatedAt);

    /// <summary>Planning categories run on the project's default branch and never enter the execution queue.</summary>
    public static bool IsExecution(TaskCategory category) => ExecutionCategories.Contains(category);

    /// <summary>The categories of <see cref="IsExecution"/>, also for queries.</summary>
    public static readonly TaskCategory[] ExecutionCategories = [TaskCategory.Execute, TaskCategory.Verify,
        TaskCategory.Merge, TaskCategory.Review];

    // Reused per thread: for a 10,000-task graph these sets are large-object-heap sized, and allocating them on every
    // dispatch cycle would trigger gen-2 collections (the p99 of a cycle, not its median).
    [ThreadStatic] private static HashSet<string>? t_completed;
    [ThreadStatic] private static Dictionary<string, Node>? t_candidates;
    [ThreadStatic] private static HashSet<string>? t_waiting;

    public static List<string> Compute(IReadOnlyList<Node> tasks,
        IEnumerable<(string TaskId, string DependsOnTaskId)> edges)
    {
        var completed = t_completed ??= new HashSet<string>(StringComparer.Ordinal);
        var candidates = t_candidates ??= new Dictionary<string, Node>(StringComparer.Ordinal);
        var waiting = t_waiting ??= new HashSet<string>(StringComparer.Ordinal);
        completed.Clear();
        candidates.Clear();
        waiting.Clear();
        foreach (var task in tasks)
        {
            if (task.Status == TaskStatus.Completed) completed.Add(task.Id);
            else if (task.Status == TaskStatus.Pending && IsExecution(task.Category)) candidates[task.Id] = task;
        }

        foreach (var (taskId, dependsOn) in edges)
        {
            if (candidates.ContainsKey(taskId) && !completed.Contains(dependsOn)) waiting.Add(taskId);
        }

        var ready = new List<Node>(candidates.Count - waiting.Count);
        foreach (var candidate in candidates.Values)
        {
            if (!waiting.Contains(candidate.Id)) ready.Add(candidate);
        }
        ready.Sort((a, b) => b.Priority != a.Priority ? b.Priority.CompareTo(a.Priority)
            : a.CreatedAt.CompareTo(b.CreatedAt));
        var ids = ready.ConvertAll(n => n.Id);
        completed.Clear(); // let the strings go; keep the capacity
        candidates.Clear();
        waiting.Clear();
        return ids;
    }
}
