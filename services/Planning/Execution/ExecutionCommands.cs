using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Assignments;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Execution;

/// <summary>
/// The commands execution sends to the Agents service, each recorded so its answer finds its way back.
/// </summary>
public sealed class ExecutionCommands(PlanningDbContext db, AssignmentBuilder assignments)
{
    /// <summary>
    /// Starts <paramref name="task"/>: in progress, an assignment, and a SpawnAgent whose worktrees sit on the task's
    /// branch, created from the phase branch, which is created from the initiative branch, which comes from the
    /// project's default branch, so the whole chain exists before the agent starts. <paramref name="afterMerges"/> are
    /// the
    /// dependencies' merges into the phase branch still under way: the Agents service starts the agent once they
    /// merged.
    /// <paramref name="task"/> may have been read without tracking (it is attached to be changed); <paramref
    /// name="plan"/>
    /// is the initiative as the caller read it.
    /// </summary>
    public async Task StartTaskAsync(
        PlanTask task, Phase phase, Initiative initiative, IReadOnlyList<Project> projects,
        IReadOnlyList<string> afterMerges, PlanSnapshot plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var phaseBranch = phase.Branch ?? throw new InvalidOperationException($"Phase {phase.Id} has no branch yet.");
        if (db.Entry(task).State == EntityState.Detached) db.Attach(task);
        task.Start(now);
        var work = await assignments.ForTaskAsync(task, plan, cancellationToken);
        var workspace = projects.Select(p => new AgentWorkspaceProject(
            p.Id, Branches.ForTask(initiative, task), phaseBranch,
            [new BranchSpec(initiative.Branch, p.DefaultBranch), new BranchSpec(phaseBranch, initiative.Branch)]))
                .ToList();
        SpawnForTask(AgentModes.Execute, initiative, task, phase, work.Prompt, work, workspace, now, afterMerges);
    }

    /// <summary>
    /// A quality reviewer for a task whose work is done (SPEC-ORIGINAL §2.6): an execution agent on the task's own
    /// branch
    /// that checks the change against the phase branch, fixes what it finds and commits. The task completes when it
    /// does.
    /// </summary>
    public async Task StartQualityReviewAsync(
        PlanTask task, Phase phase, Initiative initiative, IReadOnlyList<Project> projects, DateTimeOffset now,
            CancellationToken cancellationToken)
    {
        var phaseBranch = phase.Branch ?? throw new InvalidOperationException($"Phase {phase.Id} has no branch yet.");
        var work = await assignments.ForTaskAsync(task, null, cancellationToken);
        var taskBranch = Branches.ForTask(initiative, task);
        var prompt = ExecutionPrompts.QualityReview(task.Name, task.Id, taskBranch, phaseBranch) + work.Prompt;
        SpawnForTask(QualityReviewMode, initiative, task, phase, prompt, work,
            [.. projects.Select(p => new AgentWorkspaceProject(p.Id, taskBranch, phaseBranch, []))], now);
    }

    /// <summary>
    /// An execution agent for <paramref name="task"/>, recorded as an assignment of <paramref name="assignmentMode"/>,
    /// on the initiative's first provider.
    /// </summary>
    private void SpawnForTask(
        string assignmentMode, Initiative initiative, PlanTask task, Phase phase, string prompt, Assignment work,
        IReadOnlyList<AgentWorkspaceProject> workspace,
        DateTimeOffset now, IReadOnlyList<string>? afterMerges = null)
    {
        var requestId = Ids.New();
        db.Assignments.Add(AgentAssignment.Request(requestId, AssignmentKind.Task, assignmentMode, task.InitiativeId,
            phase.Id, task.Id, now));
        db.Send(InitiativeAgentSpawn.For(initiative, requestId, AgentModes.Execute, work with { Prompt = prompt },
            workspace, phase.Id, task.Id, afterMerges: afterMerges, verifyCommand: initiative.VerifyCommand),
            AgentQueues.Commands);
    }

    /// <summary>The assignment mode of a quality reviewer (the agent itself runs in execute mode).</summary>
    public const string QualityReviewMode = "quality_review";

    /// <summary>
    /// The task is done: completed with its summary (kept for dependents), or first handed to a quality reviewer when
    /// the initiative asks for one; a completed task's branch is merged into the phase branch in every project.
    /// </summary>
    public async Task FinishTaskAsync(PlanTask task, string? summary, bool reviewed, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        // The agent's own words: kept, but storable (a summary too long or holding control characters must not fault
        // the event).
        summary = StorableText.Text(summary, PlanTask.MaxSummaryLength);
        var initiative = await db.Initiatives.Include(i => i.Projects)
            .FirstAsync(i => i.Id == task.InitiativeId, cancellationToken);
        var phase = task.PhaseId is null ? null : await db.Phases.FindAsync([task.PhaseId], cancellationToken);
        var projects = await db.ProjectsOfAsync(initiative, cancellationToken);
        if (!reviewed && initiative.QualityReview && task.Category == TaskCategory.Execute && phase?.Branch is not null
            && projects.Count > 0)
        {
            task.SubmitForQualityReview(now, summary);
            await StartQualityReviewAsync(task, phase, initiative, projects, now, cancellationToken);
            return;
        }
        task.Complete(StorableText.Text(reviewed && task.Summary is not null && summary is not null
            ? $"{task.Summary}\n\nQuality review: {summary}" : summary,
            PlanTask.MaxSummaryLength), now);
        if (phase?.Branch is null) return;
        foreach (var project in projects)
            RequestMerge(MergeKind.TaskIntoPhase, initiative, phase, task, project, Branches.ForTask(initiative, task),
                phase.Branch, now);
    }

    /// <summary>
    /// Asks for a merge of <paramref name="source"/> into <paramref name="target"/> in one project and remembers why.
    /// Every merge asks for the project's check on its result (the Agents service runs it when the project has a
    /// verify command, or the initiative's in its place): a red merged result never lands on a phase, initiative or
    /// default branch.
    /// </summary>
    public void RequestMerge(
        MergeKind kind, Initiative initiative, Phase? phase, PlanTask? task, Project project, string source,
        string target, DateTimeOffset now, bool pushTarget = false)
    {
        var requestId = Ids.New();
        db.Merges.Add(MergeRequest.Create(requestId, kind, initiative.Id, phase?.Id, task?.Id, project.Id, source,
            target, now));
        db.Send(new MergeBranches(requestId, project.Id, source, target, pushTarget, VerifyMergedResult: true,
            VerifyCommand: initiative.VerifyCommand), AgentQueues.Commands);
    }

    /// <summary>
    /// Asks for phase -> initiative merges in every project not merged or merging yet (a conflicted one is asked again
    /// once resolved).
    /// </summary>
    public void MergeIntoInitiative(Initiative initiative, Phase phase, IReadOnlyList<Project> projects,
        IReadOnlyList<MergeRequest> phaseMerges, DateTimeOffset now)
    {
        foreach (var project in projects.Where(p
            => !phaseMerges.Any(m => m.ProjectId == p.Id && m.Status is MergeStatus.Requested or MergeStatus.Merged)))
            RequestMerge(MergeKind.PhaseIntoInitiative, initiative, phase, null, project, phase.Branch!,
                initiative.Branch, now);
    }

    /// <summary>
    /// Asks for the initiative branch alone to be pushed (for a pull request), remembered like a merge.
    /// </summary>
    public void RequestPush(Initiative initiative, Project project, DateTimeOffset now)
    {
        var requestId = Ids.New();
        db.Merges.Add(MergeRequest.Create(requestId, MergeKind.InitiativePush, initiative.Id, null, null, project.Id,
            initiative.Branch, initiative.Branch, now));
        db.Send(new PushBranch(requestId, project.Id, initiative.Branch), AgentQueues.Commands);
    }
}
