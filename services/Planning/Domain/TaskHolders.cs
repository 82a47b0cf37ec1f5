namespace Codewalkers.Planning.Domain;

/// <summary>The tasks of an initiative whose work may still change their declared paths in the phase branch.</summary>
public static class TaskHolders
{
    /// <summary>
    /// Tasks with an agent at work (in progress, in quality review, or an agent asked for) and completed tasks whose
    /// latest merge into the phase branch, in some project, has not landed (requested, or conflicted and waiting for
    /// its resolving task).
    /// </summary>
    public static IEnumerable<OverlapGate.Holder> Of(IReadOnlyList<PlanTask> tasks, IReadOnlyList<MergeRequest> merges,
        IReadOnlySet<string> busyTasks)
    {
        var unmerged = Unmerged(tasks, merges);
        return tasks
            .Where(t => t.Files.Count > 0 && (busyTasks.Contains(t.Id)
                || t.Status is TaskStatus.InProgress or TaskStatus.QualityReview
                || (t.Status == TaskStatus.Completed && unmerged.Contains(t.Id))))
            .OrderBy(t => t.CreatedAt)
            .Select(t => new OverlapGate.Holder(t.Id, t.PhaseId, t.Files, t.AllowOverlap));
    }

    /// <summary>
    /// Tasks whose latest merge into their phase, in some project, has not landed: still requested, or conflicted
    /// while a resolving <c>merge</c> task of the phase made since is unfinished or its own merge has not landed (the
    /// conflicted work reaches the phase branch through it; the conflicted merge itself is never asked again).
    /// </summary>
    public static HashSet<string> Unmerged(IReadOnlyList<PlanTask> tasks, IReadOnlyList<MergeRequest> merges)
    {
        var latest = merges.Where(m => m.Kind == MergeKind.TaskIntoPhase && m.TaskId is not null)
            .GroupBy(m => (m.TaskId!, m.ProjectId))
            .Select(g => g.MaxBy(m => m.CreatedAt)!)
            .ToList();
        var requested = latest.Where(m => m.Status == MergeStatus.Requested).Select(m => m.TaskId!)
            .ToHashSet(StringComparer.Ordinal);
        var unmerged = new HashSet<string>(requested, StringComparer.Ordinal);
        foreach (var conflicted in latest.Where(m => m.Status == MergeStatus.Conflicted))
        {
            if (tasks.Any(t => t.Category == TaskCategory.Merge && t.PhaseId == conflicted.PhaseId
                && t.CreatedAt >= conflicted.CreatedAt
                && (t.Status != TaskStatus.Completed || requested.Contains(t.Id))))
                unmerged.Add(conflicted.TaskId!);
        }
        return unmerged;
    }
}
