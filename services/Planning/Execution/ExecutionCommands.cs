using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Assignments;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.ServiceDefaults;

namespace Codewalkers.Planning.Execution;

/// <summary>The commands execution sends to the Agents service, each recorded so its answer finds its way back.</summary>
public sealed class ExecutionCommands(PlanningDbContext db, AssignmentBuilder assignments)
{
    /// <summary>
    /// Starts <paramref name="task"/>: in progress, an assignment, and a SpawnAgent whose worktrees sit on the task's
    /// branch, created from the phase branch, which is created from the initiative branch, which comes from the
    /// project's default branch, so the whole chain exists before the agent starts.
    /// </summary>
    public async Task StartTaskAsync(
        PlanTask task, Phase phase, Initiative initiative, IReadOnlyList<Project> projects, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var phaseBranch = phase.Branch ?? throw new InvalidOperationException($"Phase {phase.Id} has no branch yet.");
        task.Start(now);
        db.Updated(task);
        var work = await assignments.ForTaskAsync(task, cancellationToken);
        var requestId = Ids.New();
        db.Assignments.Add(AgentAssignment.Request(requestId, AssignmentKind.Task, AgentModes.Execute, initiative.Id, phase.Id, task.Id, now));
        var workspace = projects.Select(p => new AgentWorkspaceProject(
            p.Id, Branches.ForTask(initiative, task), phaseBranch,
            [new BranchSpec(initiative.Branch, p.DefaultBranch), new BranchSpec(phaseBranch, initiative.Branch)])).ToList();
        db.Send(new SpawnAgent(
            requestId, AgentModes.Execute, work.Prompt, Provider: null, task.Id, phase.Id, initiative.Id, ErrandId: null,
            workspace, work.InputFiles, work.RequiredOutputs), AgentQueues.Commands);
    }

    /// <summary>Asks for a merge of <paramref name="source"/> into <paramref name="target"/> in one project and remembers why.</summary>
    public void RequestMerge(
        MergeKind kind, Initiative initiative, Phase? phase, PlanTask? task, Project project, string source, string target,
        DateTimeOffset now, bool pushTarget = false)
    {
        var requestId = Ids.New();
        db.Merges.Add(MergeRequest.Create(requestId, kind, initiative.Id, phase?.Id, task?.Id, project.Id, source, target, now));
        db.Send(new MergeBranches(requestId, project.Id, source, target, pushTarget), AgentQueues.Commands);
    }

    /// <summary>Asks for the initiative branch alone to be pushed (for a pull request), remembered like a merge.</summary>
    public void RequestPush(Initiative initiative, Project project, DateTimeOffset now)
    {
        var requestId = Ids.New();
        db.Merges.Add(MergeRequest.Create(requestId, MergeKind.InitiativePush, initiative.Id, null, null, project.Id, initiative.Branch, initiative.Branch, now));
        db.Send(new PushBranch(requestId, project.Id, initiative.Branch), AgentQueues.Commands);
    }
}
