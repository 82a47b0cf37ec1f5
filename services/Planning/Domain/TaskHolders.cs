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
        var unmerged = Unmerged(merges);
        return tasks
            .Where(t => t.Files.Count > 0 && (busyTasks.Contains(t.Id)
                || t.Status is TaskStatus.InProgress or TaskStatus.QualityReview
                || (t.Status == TaskStatus.Completed && unmerged.Contains(t.Id))))
            .OrderBy(t => t.CreatedAt)
            .Select(t => new OverlapGate.Holder(t.Id, t.PhaseId, t.Files, t.AllowOverlap));
    }

    /// <summary>Tasks whose latest merge into their phase, in some project, has not merged.</summary>
    public static HashSet<string> Unmerged(IReadOnlyList<MergeRequest> merges) =>
        merges.Where(m => m.Kind == MergeKind.TaskIntoPhase && m.TaskId is not null)
            .GroupBy(m => (m.TaskId!, m.ProjectId))
            .Where(g => g.MaxBy(m => m.CreatedAt)!.Status != MergeStatus.Merged)
            .Select(g => g.Key.Item1)
            .ToHashSet(StringComparer.Ordinal);
}
