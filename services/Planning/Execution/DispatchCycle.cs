using Codewalkers.Planning.Application;
using Codewalkers.Planning.Assignments;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TaskStatus = Codewalkers.Planning.Domain.TaskStatus;

namespace Codewalkers.Planning.Execution;

/// <summary>
/// One pass over every executing initiative, read fresh from the database (so a restart loses nothing): starts the
/// approved phases whose dependencies are completed, asks for merges of finished phases (or holds them for review),
/// completes merged phases, submits initiatives whose phases are all complete, and starts the ready tasks of running
/// phases — highest priority first, then oldest — while execution agents are below the concurrency limit. A ready
/// task whose declared files overlap those of a task of its phase still at work (or done and not merged) waits, and
/// says for which (<see cref="OverlapGate"/>). Idempotent: a pass with nothing to do writes nothing.
/// </summary>
public sealed class DispatchCycle(
    PlanningDbContext db, ExecutionCommands commands, PlanWriteGate gate, TimeProvider clock,
        IOptions<ExecutionOptions> options)
{
    private sealed record Candidate(
        PlanTask Task, Phase Phase, Initiative Initiative, IReadOnlyList<Project> Projects,
            IReadOnlyList<string> AfterMerges, InitiativeRead Read, OverlapGate Gate);

    /// <summary>
    /// An initiative's phases and tasks as this cycle read them, for the assignments of the tasks it starts.
    /// </summary>
    private sealed record InitiativeRead(IReadOnlyList<Phase> Phases, IReadOnlyList<PlanTask> Tasks);

    /// <summary>
    /// Assignments this run closed as never answered (<see cref="OpenAssignmentsAsync"/>); not saved yet when the
    /// running ones are counted.
    /// </summary>
    private int _closedStale;

    /// <summary>Returns the number of tasks started.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        _closedStale = 0;
        var now = clock.GetUtcNow();
        var initiatives = await db.Initiatives.Include(i => i.Projects)
            .Where(i => i.ExecutionStartedAt != null && i.Status == InitiativeStatus.Active)
            .ToListAsync(cancellationToken);
        if (initiatives.Count == 0) return 0;

        var candidates = new List<Candidate>();
        foreach (var initiative in initiatives)
            candidates.AddRange(await AdvanceAsync(initiative, now, cancellationToken));

        var running = await db.Assignments.CountAsync(
            a => a.Kind == AssignmentKind.Task
                && (a.Status == AssignmentStatus.Requested || a.Status == AssignmentStatus.Running), cancellationToken)
            - _closedStale;
        var started = 0;
        var slots = Math.Max(0, options.Value.MaxConcurrentAgents - running);
        var plans = new Dictionary<string, PlanSnapshot>(StringComparer.Ordinal);
        foreach (var next in candidates
            .OrderByDescending(c => c.Task.Priority).ThenBy(c => c.Task.CreatedAt).ThenBy(c => c.Task.Order))
        {
            if (next.Gate.WaitFor(next.Task) is { } wait)
            {
                if (next.Task.WaitingForTaskId != wait.TaskId || !next.Task.WaitingForPaths.SequenceEqual(wait.Paths))
                    Tracked(next.Task).WaitFor(wait.TaskId, wait.Paths, now);
                continue;
            }
            // First in line even without a free slot: a younger task overlapping it must not overtake it.
            next.Gate.Admit(next.Task);
            if (slots == 0)
            {
                if (next.Task.WaitingForTaskId is not null) Tracked(next.Task).StopWaiting(now);
                continue;
            }
            if (!plans.TryGetValue(next.Initiative.Id, out var plan))
                plans[next.Initiative.Id] = plan = await PlanSnapshot.WithPagesAsync(db, next.Initiative,
                    next.Read.Phases, next.Read.Tasks, cancellationToken);
            await commands.StartTaskAsync(next.Task, next.Phase, next.Initiative, next.Projects, next.AfterMerges,
                plan, now, cancellationToken);
            started++;
            slots--;
        }
        DispatchTrigger.IsCycle(db);
        await db.SaveChangesAsync(cancellationToken);
        return started;
    }

    /// <summary>A task read without tracking, attached so that what changes next is saved.</summary>
    private PlanTask Tracked(PlanTask task)
    {
        if (db.Entry(task).State == EntityState.Detached) db.Attach(task);
        return task;
    }

    private async Task<IEnumerable<Candidate>> AdvanceAsync(Initiative initiative, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var projects = await db.ProjectsOfAsync(initiative, cancellationToken);
        var phases = await db.Phases.Include(p => p.Dependencies).Where(p => p.InitiativeId == initiative.Id)
            .ToListAsync(cancellationToken);
        // Read without tracking: a cycle changes only the tasks it starts (attached then), so a save need not compare
        // every task of the initiative.
        var tasks = await db.Tasks.AsNoTracking().Include(t => t.Dependencies)
            .Where(t => t.InitiativeId == initiative.Id).ToListAsync(cancellationToken);
        var merges = await db.Merges.Where(m => m.InitiativeId == initiative.Id).ToListAsync(cancellationToken);
        var busyTasks = await OpenAssignmentsAsync(initiative, tasks, now, cancellationToken);
        var status = phases.ToDictionary(p => p.Id, p => p.Status, StringComparer.Ordinal);

        foreach (var phase in phases.Where(p => p.Status == PhaseStatus.Approved
            && p.DependsOn.All(d => status.GetValueOrDefault(d) == PhaseStatus.Completed)))
        {
            phase.Start(now);
            phase.EnsureBranch(initiative, phases.Select(p => p.Branch));
        }

        // A phase started by hand before starting fixed its branch has none: give it one, or its tasks never start.
        // Its branch is not part of its events, but such a phase has always been announced again.
        foreach (var phase in phases.Where(p => p.Status == PhaseStatus.InProgress && p.Branch is null))
        {
            phase.EnsureBranch(initiative, phases.Select(p => p.Branch));
            phase.AnnounceEvenIfUnchanged();
        }

        foreach (var phase in phases.Where(p => p.Status is PhaseStatus.InProgress or PhaseStatus.PendingReview))
            AdvancePhase(initiative, phase, projects, [.. tasks.Where(t => t.PhaseId == phase.Id)], merges, busyTasks,
                now);

        if (phases.Count > 0 && phases.All(p => p.Status == PhaseStatus.Completed))
        {
            initiative.SubmitForReview(now);
            return [];
        }

        var running = phases.Where(p => p.Status == PhaseStatus.InProgress)
            .ToDictionary(p => p.Id, StringComparer.Ordinal);
        var read = new InitiativeRead(phases, tasks);
        var nodes = tasks.Select(t => new ReadyTasks.Node(t.Id, t.Status, t.Category, t.Priority, t.CreatedAt))
            .ToList();
        var edges = tasks.SelectMany(t => t.Dependencies.Select(d => (d.TaskId, d.DependsOnTaskId)));
        var byId = tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        // A dependency's merge into the phase branch may still be under way: the spawn names it, and the Agents service
        // starts the dependent once it has merged (a conflict adds the resolving task as a dependency instead).
        var merging = merges.Where(m => m.Kind == MergeKind.TaskIntoPhase && m.Status == MergeStatus.Requested
            && m.TaskId is not null)
            .ToLookup(m => m.TaskId!, m => m.Id, StringComparer.Ordinal);
        var gate = new OverlapGate(TaskHolders.Of(tasks, merges, busyTasks));
        var ready = ReadyTasks.Compute(nodes, edges)
            .Select(id => byId[id])
            .Where(t => t.PhaseId is not null && running.ContainsKey(t.PhaseId) && !busyTasks.Contains(t.Id))
            .Select(t => new Candidate(t, running[t.PhaseId!], initiative, projects,
                [.. t.DependsOn.SelectMany(d => merging[d])], read, gate))
            .ToList();
        // A task that waited and is no longer ready (a dependency added, its phase stopped) waits for nothing now.
        var candidates = ready.Select(c => c.Task.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in tasks.Where(t => t.WaitingForTaskId is not null && !candidates.Contains(t.Id)))
            Tracked(stale).StopWaiting(now);
        return ready;
    }

    /// <summary>
    /// The tasks with an agent asked for and not ended: they are not started again. An assignment still
    /// <c>requested</c>
    /// (no agent reported) for a task that is pending again is closed instead: a task only goes back to pending with
    /// its
    /// assignment closed, except by a human's retry, and that retry means "run it again". Such an assignment is one
    /// whose spawn was lost (its answer faulted, or never came), which held the task and a concurrency slot for good.
    /// An agent that did start (<c>running</c>) is waited for: it still works on the task's branch.
    /// </summary>
    private async Task<HashSet<string>> OpenAssignmentsAsync(
        Initiative initiative, IReadOnlyList<PlanTask> tasks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = await db.Assignments
            .Where(a => a.InitiativeId == initiative.Id && a.TaskId != null
                && (a.Status == AssignmentStatus.Requested || a.Status == AssignmentStatus.Running))
            .ToListAsync(cancellationToken);
        var pending = tasks.Where(t => t.Status == TaskStatus.Pending).Select(t => t.Id)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var stale in open.Where(a => a.Kind == AssignmentKind.Task && a.Status == AssignmentStatus.Requested
            && pending.Contains(a.TaskId!)))
        {
            stale.Fail("No agent was reported for this request; closed when the task was retried.", now);
            _closedStale++;
        }
        return open.Where(a => a.IsOpen).Select(a => a.TaskId!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// A running phase whose execution tasks are all completed and merged moves on; a merged one completes.
    /// </summary>
    private void AdvancePhase(
        Initiative initiative, Phase phase, IReadOnlyList<Project> projects, IReadOnlyList<PlanTask> tasks,
        IReadOnlyList<MergeRequest> merges, IReadOnlySet<string> busyTasks, DateTimeOffset now)
    {
        var phaseMerges = merges.Where(m => m.PhaseId == phase.Id && m.Kind == MergeKind.PhaseIntoInitiative).ToList();
        var merged = projects.Select(p
            => phaseMerges.FirstOrDefault(m => m.ProjectId == p.Id && m.Status == MergeStatus.Merged)).ToList();
        if (merged.Count > 0 && merged.All(m => m is not null))
        {
            phase.CompleteMerged(merged[0]!.MergeBase!, now);
            return;
        }
        if (phase.Status != PhaseStatus.InProgress) return; // pending review: the user decides

        var work = tasks.Where(t => ReadyTasks.IsExecution(t.Category)).ToList();
        if (!work.All(t => t.Status == TaskStatus.Completed) || work.Any(t => busyTasks.Contains(t.Id))) return;
        if (merges.Any(m => m.PhaseId == phase.Id && m.Status == MergeStatus.Requested)) return;
        var failed = merges.FirstOrDefault(m => m.PhaseId == phase.Id && m.Kind == MergeKind.TaskIntoPhase
            && m.Status == MergeStatus.Failed);
        if (failed is not null)
        {
            phase.Block(StorableText.Line($"Merging {failed.SourceBranch} into {failed.TargetBranch} failed: " +
                $"{failed.Error}"), now);
            return;
        }
        if (work.Count == 0 || projects.Count == 0)
        {
            // Nothing was built on the phase branch, so there is nothing to merge or review.
            phase.Complete(now);
            return;
        }
        if (initiative.ExecutionMode == ExecutionMode.ReviewPerPhase && phaseMerges.Count == 0)
        {
            phase.SubmitForReview(now);
            return;
        }
        commands.MergeIntoInitiative(initiative, phase, projects, phaseMerges, now);
    }
}
