using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Planning.Assignments;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Execution;
using Codewalkers.Planning.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using TaskStatus = Codewalkers.Planning.Domain.TaskStatus;

namespace Codewalkers.Planning.Consumers;

// The Agents service's answers to MergeBranches and PushBranch. Each records the outcome on its MergeRequest; the
// dispatch cycle that the commit triggers moves phases and the initiative on from there.

internal sealed class BranchesMergedConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<BranchesMerged, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(BranchesMerged message, ConsumeContext<BranchesMerged> context)
    {
        if (await Db.Merges.FindAsync([message.RequestId],
            context.CancellationToken) is not { Status: MergeStatus.Requested } merge) return;
        var now = clock.GetUtcNow();
        merge.Merged(message.MergeBase, now);
        // A task merged into its phase moves nothing on while work of the phase is unfinished (its dependents started
        // without waiting for this merge, see SpawnAgent.AfterMerges): no dispatch pass for it.
        if (merge.Kind == MergeKind.TaskIntoPhase
            && await WorkLeftInPhaseAsync(merge.PhaseId, context.CancellationToken)
            // Unless a task waits for this one's files to be merged (OverlapGate): it may start now.
            && !await Db.Tasks.AnyAsync(t => t.WaitingForTaskId == merge.TaskId, context.CancellationToken))
            DispatchTrigger.WakesNothing(Db);
        if (merge.Kind != MergeKind.InitiativeIntoDefault) return;
        // The initiative is complete once every project's default branch has it.
        var others = await Db.Merges.AnyAsync(other => other.InitiativeId == merge.InitiativeId && other.Id != merge.Id
            && other.Kind == MergeKind.InitiativeIntoDefault && other.Status == MergeStatus.Requested,
                context.CancellationToken);
        var initiative = await Db.Initiatives.Include(i => i.Projects)
            .FirstOrDefaultAsync(i => i.Id == merge.InitiativeId, context.CancellationToken);
        if (others || initiative is not { Status: InitiativeStatus.PendingReview }) return;
        initiative.Complete(now);
    }

    private Task<bool> WorkLeftInPhaseAsync(string? phaseId, CancellationToken cancellationToken) =>
        Db.Tasks.AnyAsync(t => t.PhaseId == phaseId && t.Status != TaskStatus.Completed
            && ReadyTasks.ExecutionCategories.Contains(t.Category),
            cancellationToken);
}

internal sealed class MergeConflictedConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<MergeConflicted, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(MergeConflicted message, ConsumeContext<MergeConflicted> context)
    {
        var cancellationToken = context.CancellationToken;
        if (await Db.Merges.FindAsync([message.RequestId],
            cancellationToken) is not { Status: MergeStatus.Requested } merge) return;
        var now = clock.GetUtcNow();
        merge.Conflicted(message.ConflictFiles, now);
        if (merge.Kind is not (MergeKind.TaskIntoPhase or MergeKind.PhaseIntoInitiative)
            || merge.PhaseId is null) return;
        var initiative = await Db.Initiatives.Include(i => i.Projects)
            .FirstOrDefaultAsync(i => i.Id == merge.InitiativeId, cancellationToken);
        var phase = await Db.Phases.FindAsync([merge.PhaseId], cancellationToken);
        if (initiative is null || phase is null) return;

        // An agent resolves it: on its own branch from the phase branch, it merges the other side in and commits. A
        // task's branch is brought into the phase; for a phase, the initiative branch is brought into the phase, so the
        // phase merges cleanly on the next attempt.
        var incoming = merge.Kind == MergeKind.TaskIntoPhase ? merge.SourceBranch : merge.TargetBranch;
        // Branch and file names come from git: the task is made from them as they are, capped rather than refused.
        var resolve = PlanTask.Create(initiative, phase, null,
            StorableText.Line(ExecutionPrompts.ResolveConflictsName(incoming), Guard.MaxNameLength),
            StorableText.Text(
                ExecutionPrompts.ResolveConflicts(incoming, phase.Branch, message.ConflictFiles),
                Guard.MaxDescriptionLength),
            TaskCategory.Merge, TaskPriority.High, null, now);
        Db.Tasks.Add(resolve);
        if (merge.Kind == MergeKind.TaskIntoPhase && merge.TaskId is { } conflictedTask)
            await WaitForResolutionAsync(conflictedTask, resolve, now, cancellationToken);
        if (phase.Status == PhaseStatus.PendingReview)
        {
            phase.RequestChanges(now); // back in progress so the resolving task is dispatched
        }
    }

    /// <summary>
    /// Tasks that depend on the conflicted one and have not run yet also depend on the resolving task: they start from
    /// the
    /// phase branch, which has the conflicted task's work only once the resolution is merged into it.
    /// </summary>
    private async Task WaitForResolutionAsync(string conflictedTaskId, PlanTask resolve, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var dependents = await Db.Tasks.Include(t => t.Dependencies)
            .Where(t => t.Status == TaskStatus.Pending || t.Status == TaskStatus.InProgress
                || t.Status == TaskStatus.Blocked)
            .Where(t => t.Dependencies.Any(d => d.DependsOnTaskId == conflictedTaskId))
            .ToListAsync(cancellationToken);
        var graph = new DependencyGraph([]);
        foreach (var dependent in dependents) dependent.DependOn(resolve, graph, now);
    }
}

internal sealed class MergeFailedConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<MergeFailed, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(MergeFailed message, ConsumeContext<MergeFailed> context)
    {
        if (await Db.Merges.FindAsync([message.RequestId],
            context.CancellationToken) is { Status: MergeStatus.Requested } merge)
            await FailAsync(Db, merge, message.Error, clock.GetUtcNow(), context.CancellationToken);
    }

    /// <summary>
    /// A failed task or phase merge blocks the phase with the reason (no dependent starts without the work it builds
    /// on); a failed merge into the default branch (a rejected push, rolled back by the Agents service) leaves the
    /// initiative in review, the error on its merge list.
    /// </summary>
    public static async Task FailAsync(PlanningDbContext db, MergeRequest merge, string? error, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        merge.Failed(StorableText.Text(error, MergeRequest.MaxErrorLength) ?? "(no details)", now);
        if (merge.Kind is (MergeKind.PhaseIntoInitiative or MergeKind.TaskIntoPhase)
            && await db.Phases.FindAsync([merge.PhaseId], cancellationToken) is { } phase
            && phase.Status is PhaseStatus.InProgress or PhaseStatus.PendingReview)
        {
            phase.Block(StorableText.Line($"Merging {merge.SourceBranch} into {merge.TargetBranch} failed: {error}"),
                now);
        }
    }
}

/// <summary>
/// The merge went through in git but its result failed the project's check; the target was not moved. A task merged
/// into its phase is blocked with the evidence (it is not done after all, and the phase does not merge while it is
/// blocked); a phase merge blocks the phase; a merge into the default branch leaves the initiative in review. Each
/// merge request keeps the reason (<c>GET /api/initiatives/{id}/merges</c>).
/// </summary>
internal sealed class MergeVerificationFailedConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<MergeVerificationFailed, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(MergeVerificationFailed message,
        ConsumeContext<MergeVerificationFailed> context)
    {
        var cancellationToken = context.CancellationToken;
        if (await Db.Merges.FindAsync([message.RequestId],
            cancellationToken) is not { Status: MergeStatus.Requested } merge) return;
        var now = clock.GetUtcNow();
        var reason = Reason(message);
        merge.CheckFailed(StorableText.Text(reason, MergeRequest.MaxErrorLength) ?? reason, now);
        switch (merge.Kind)
        {
            case MergeKind.TaskIntoPhase when merge.TaskId is not null
                && await Db.Tasks.FindAsync([merge.TaskId], cancellationToken) is { Status: TaskStatus.Completed } task:
                task.BlockMergedResult(reason, now);
                break;
            case MergeKind.PhaseIntoInitiative when merge.PhaseId is not null
                && await Db.Phases.FindAsync([merge.PhaseId], cancellationToken) is
                    { Status: PhaseStatus.InProgress or PhaseStatus.PendingReview } phase:
                phase.Block(StorableText.Line(reason), now);
                break;
            // Into the default branch: the initiative stays in review with this merge's reason; approve again once
            // its branch passes.
        }
    }

    /// <summary>
    /// Names the check, how it ended and which merge it judged, then the end of its output (the shape of a task's
    /// own failed check, so a reader meets one kind of reason).
    /// </summary>
    internal static string Reason(MergeVerificationFailed message)
    {
        var check = message.Verification;
        var how = check.TimedOut ? $"was killed at its time limit after {check.DurationMs / 1000} s"
            : $"exited with code {check.ExitCode}";
        var tail = check.OutputTail.TrimEnd();
        if (tail.Length > OutputInReason) tail = "..." + tail[^OutputInReason..];
        return $"Merged-result check failed: `{check.Command}` {how} on the merge of {message.SourceBranch} into " +
            $"{message.TargetBranch}; {message.TargetBranch} was left as it was. Output: {tail}";
    }

    private const int OutputInReason = 1000;
}

internal sealed class BranchPushedConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<BranchPushed, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(BranchPushed message, ConsumeContext<BranchPushed> context)
    {
        if (await Db.Merges.FindAsync([message.RequestId],
            context.CancellationToken) is { Status: MergeStatus.Requested } push)
            push.Merged(message.Commit, clock.GetUtcNow());
    }
}

internal sealed class PushFailedConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<PushFailed, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(PushFailed message, ConsumeContext<PushFailed> context)
    {
        if (await Db.Merges.FindAsync([message.RequestId],
            context.CancellationToken) is { Status: MergeStatus.Requested } push)
            push.Failed(StorableText.Text(message.Error, MergeRequest.MaxErrorLength) ?? "(no details)",
                clock.GetUtcNow());
    }
}
