namespace Codewalkers.Planning.Domain;

/// <summary>
/// Decides, for the ready tasks of one initiative taken in queue order, which may start now and which wait because
/// their declared paths overlap those of a task of the same phase that holds them: one running, done but not merged
/// yet, or an older ready task ahead in the queue. Only the same phase counts: a task branch is made from its phase
/// branch, so waiting for the other's merge means starting from its work; tasks of other phases meet only when phases
/// merge, which ordering their tasks would not change.
/// </summary>
/// <remarks>
/// A task only ever waits for one that started before it or stands ahead of it in the queue, so waits form no cycle:
/// an overlap delays a task, never blocks it for good.
/// </remarks>
public sealed class OverlapGate
{
    /// <summary>
    /// A task holding its paths: its work may change them and is not merged into the phase branch yet.
    /// </summary>
    public sealed record Holder(string TaskId, string? PhaseId, IReadOnlyList<string> Paths, bool AllowOverlap);

    /// <summary>What a ready task waits for: the holder and the paths both touch.</summary>
    public sealed record Wait(string TaskId, IReadOnlyList<string> Paths);

    private readonly List<Holder> _holders;

    public OverlapGate(IEnumerable<Holder> holders) => _holders = [.. holders.Where(h => h.Paths.Count > 0)];

    /// <summary>
    /// The first holder <paramref name="task"/> must wait for, or null when it may start. It need not wait for a
    /// task it depends on (it starts from that task's merge anyway), nor when either side allows overlap.
    /// </summary>
    public Wait? WaitFor(PlanTask task)
    {
        if (task.AllowOverlap || task.Files.Count == 0) return null;
        var dependencies = task.DependsOn.ToHashSet(StringComparer.Ordinal);
        foreach (var holder in _holders)
        {
            if (holder.AllowOverlap || holder.PhaseId != task.PhaseId || holder.TaskId == task.Id
                || dependencies.Contains(holder.TaskId)) continue;
            var shared = TaskPaths.Between(task.Files, holder.Paths);
            if (shared.Count > 0) return new Wait(holder.TaskId, shared);
        }
        return null;
    }

    /// <summary>
    /// The task goes ahead (started, or first in line for a free slot): younger overlapping ones wait for it.
    /// </summary>
    public void Admit(PlanTask task)
    {
        if (task.Files.Count > 0) _holders.Add(new Holder(task.Id, task.PhaseId, task.Files, task.AllowOverlap));
    }
}
