namespace Codewalkers.Planning.Domain;

/// <summary>How dispatch treats two overlapping tasks.</summary>
public enum OverlapHandling
{
    /// <summary>Same phase: the younger waits until the older's work is merged, then starts from it.</summary>
    Waits,
    /// <summary>A dependency already runs them one after the other.</summary>
    Ordered,
    /// <summary>One of them allows overlap: they may run together.</summary>
    Allowed,
    /// <summary>Different phases: they may run together; they meet when the phases merge.</summary>
    OtherPhase,
}

/// <summary>Two unmerged execution tasks whose paths overlap; <c>First</c> is the older (it goes first).</summary>
public sealed record TaskOverlap(PlanTask First, PlanTask Second, IReadOnlyList<string> Paths, bool Observed,
    OverlapHandling Handling);

/// <summary>
/// The pairs of an initiative's execution tasks not merged yet whose paths overlap: declared against declared
/// (predicted), and, for tasks whose work is done, the paths their branch really changed (observed).
/// </summary>
public static class PredictedOverlaps
{
    public static List<TaskOverlap> Of(IReadOnlyList<PlanTask> tasks, IReadOnlySet<string> unmerged,
        IReadOnlyDictionary<string, IReadOnlyList<string>> observed)
    {
        var open = tasks
            .Where(t => ReadyTasks.IsExecution(t.Category)
                && (t.Status != TaskStatus.Completed || unmerged.Contains(t.Id)))
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Order).ToList();
        var byId = tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var pairs = new List<TaskOverlap>();
        for (var i = 0; i < open.Count; i++)
        for (var j = i + 1; j < open.Count; j++)
        {
            var (first, second) = (open[i], open[j]);
            var declared = TaskPaths.Between(first.Files, second.Files);
            if (declared.Count > 0) pairs.Add(new(first, second, declared, false, Handling(first, second, byId)));
            var real = TaskPaths.Between(Paths(first, observed), Paths(second, observed))
                .Where(p => !declared.Contains(p, StringComparer.Ordinal)).ToList();
            if (real.Count > 0 && (observed.ContainsKey(first.Id) || observed.ContainsKey(second.Id)))
                pairs.Add(new(first, second, real, true, Handling(first, second, byId)));
        }
        return pairs;
    }

    /// <summary>
    /// What a task touches as far as is known: what its branch changed once done, else what it declared.
    /// </summary>
    private static IReadOnlyList<string> Paths(PlanTask task,
        IReadOnlyDictionary<string, IReadOnlyList<string>> observed) => observed.TryGetValue(task.Id, out var changed) ? changed : task.Files;

    private static OverlapHandling Handling(PlanTask first, PlanTask second, IReadOnlyDictionary<string, PlanTask> byId)
    {
        if (DependsOn(second, first.Id, byId) || DependsOn(first, second.Id, byId)) return OverlapHandling.Ordered;
        if (first.AllowOverlap || second.AllowOverlap) return OverlapHandling.Allowed;
        return first.PhaseId == second.PhaseId ? OverlapHandling.Waits : OverlapHandling.OtherPhase;
    }

    /// <summary>
    /// Whether <paramref name="task"/> depends on <paramref name="otherId"/>, directly or through others.
    /// </summary>
    private static bool DependsOn(PlanTask task, string otherId, IReadOnlyDictionary<string, PlanTask> byId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(task.DependsOn);
        while (stack.TryPop(out var id))
        {
            if (id == otherId) return true;
            if (!seen.Add(id) || !byId.TryGetValue(id, out var next)) continue;
            foreach (var dependency in next.DependsOn) stack.Push(dependency);
        }
        return false;
    }
}
