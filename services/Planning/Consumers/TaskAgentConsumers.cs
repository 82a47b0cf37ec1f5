using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Execution;
using Codewalkers.Planning.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using TaskStatus = Codewalkers.Planning.Domain.TaskStatus;

namespace Codewalkers.Planning.Consumers;

// What happens to a task when the agent executing it starts, fails to start, finishes or dies. Architect agents'
// events reach the Architects consumers; each side ignores the other's assignments.

internal static class TaskAssignments
{
    public static async Task<AgentAssignment?> OpenAsync(PlanningDbContext db, string requestId,
        CancellationToken cancellationToken) =>
        await db.Assignments.FirstOrDefaultAsync(a => a.Id == requestId && a.Kind == AssignmentKind.Task,
            cancellationToken) is { IsOpen: true } open
            ? open : null;

    /// <summary>The open task assignment of an agent; before AgentSpawned is seen, the one open for its task.</summary>
    public static Task<AgentAssignment?> OfAgentAsync(PlanningDbContext db, string agentId, string? taskId,
        CancellationToken cancellationToken) =>
        db.Assignments.Where(a => a.Kind == AssignmentKind.Task
            && (a.Status == AssignmentStatus.Requested || a.Status == AssignmentStatus.Running))
            .Where(a => a.AgentId == agentId || (a.AgentId == null && taskId != null && a.TaskId == taskId))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// The task, when it is still the one in progress for this assignment (a human may have moved or deleted it).
    /// </summary>
    public static async Task<PlanTask?> InProgressAsync(PlanningDbContext db, AgentAssignment assignment,
        CancellationToken cancellationToken) =>
        assignment.TaskId is null ? null
            : await db.Tasks.Include(t => t.Dependencies)
                .FirstOrDefaultAsync(t => t.Id == assignment.TaskId, cancellationToken) is { } task
              && task.Status is TaskStatus.InProgress or TaskStatus.QualityReview ? task : null;
}

internal sealed class TaskAgentSpawnedConsumer(PlanningDbContext db)
    : InboxConsumer<AgentSpawned, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentSpawned message, ConsumeContext<AgentSpawned> context)
    {
        var assignment = await TaskAssignments.OpenAsync(Db, message.RequestId, context.CancellationToken);
        assignment?.Started(message.AgentId, message.Name);
    }
}

internal sealed class TaskAgentSpawnFailedConsumer(PlanningDbContext db, ExecutionCommands commands,
    TimeProvider clock) : InboxConsumer<AgentSpawnFailed, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentSpawnFailed message, ConsumeContext<AgentSpawnFailed> context)
    {
        if (await TaskAssignments.OpenAsync(Db, message.RequestId,
            context.CancellationToken) is not { } assignment) return;
        var now = clock.GetUtcNow();
        assignment.Fail(message.Error, now);
        // Branch and workspace failures are fatal for execution work (SPEC §2.3): a human looks before it runs again.
        if (await TaskAssignments.InProgressAsync(Db, assignment, context.CancellationToken) is not { } task) return;
        if (message.Retryable && task.Status == TaskStatus.InProgress)
        {
            // A dependency's merge did not land: its conflict adds a resolving task this one now waits for, a failed
            // merge blocks the phase; either way the task is fine and waits in the queue.
            task.Requeue(now);
            return;
        }
        if (task.Status == TaskStatus.QualityReview)
        {
            // The work itself is done; a reviewer that cannot start does not hold it back (SPEC §2.6).
            await commands.FinishTaskAsync(task, $"The quality review could not start: {message.Error}",
                reviewed: true, now, context.CancellationToken);
            return;
        }
        task.BlockFor($"The agent could not start: {message.Error}", now);
    }
}

internal sealed class TaskAgentCompletedConsumer(PlanningDbContext db, ExecutionCommands commands, TimeProvider clock)
    : InboxConsumer<AgentCompleted, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentCompleted message, ConsumeContext<AgentCompleted> context)
    {
        var cancellationToken = context.CancellationToken;
        if (await TaskAssignments.OpenAsync(Db, message.RequestId, cancellationToken) is not { } assignment) return;
        var now = clock.GetUtcNow();
        assignment.Started(message.AgentId, message.Name);
        switch (message.Outcome)
        {
            case SignalOutcomes.Done:
                assignment.Finish(now);
                if (await TaskAssignments.InProgressAsync(Db, assignment, cancellationToken) is { } task)
                    await commands.FinishTaskAsync(task, message.Summary,
                        assignment.Mode == ExecutionCommands.QualityReviewMode, now, cancellationToken);
                break;
            case SignalOutcomes.Error:
                assignment.Fail(message.Summary ?? "The agent reported an error.", now);
                if (await TaskAssignments.InProgressAsync(Db, assignment, cancellationToken) is { } failed)
                {
                    failed.BlockFor($"The agent reported an error: {message.Summary}", now);
                }
                break;
            case SignalOutcomes.VerificationFailed:
                var reason = VerificationFailedReason(message.Verification);
                assignment.Fail(reason, now);
                if (await TaskAssignments.InProgressAsync(Db, assignment, cancellationToken) is { } unverified)
                    unverified.BlockFor(reason, now);
                break;
            // Questions: the agent waits for answers and resumes the same session; the task stays in progress.
        }
    }

    /// <summary>
    /// Names the check and how it ended, then the end of its output (what a reader needs first; the reason is capped).
    /// </summary>
    internal static string VerificationFailedReason(AgentVerification? verification)
    {
        if (verification is null) return "The project's verify command failed (no details).";
        var how = verification.TimedOut ? $"was killed at its time limit after {verification.DurationMs / 1000} s"
            : $"exited with code {verification.ExitCode}";
        var tail = verification.OutputTail.TrimEnd();
        if (tail.Length > OutputInReason) tail = "..." + tail[^OutputInReason..];
        return $"Verification failed: `{verification.Command}` {how}, also after the agent's retries. Output: {tail}";
    }

    private const int OutputInReason = 1000;
}

internal sealed class TaskAgentStatusChangedConsumer(PlanningDbContext db, ExecutionCommands commands,
    TimeProvider clock) : InboxConsumer<AgentStatusChanged, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentStatusChanged message, ConsumeContext<AgentStatusChanged> context)
    {
        var userStopped = message is { To: AgentStatuses.Stopped, Reason: AgentReasons.UserRequested };
        if (message.To != AgentStatuses.Crashed && !userStopped) return;
        if (await TaskAssignments.OfAgentAsync(Db, message.AgentId, message.Context.TaskId,
            context.CancellationToken) is not { } assignment) return;
        var now = clock.GetUtcNow();
        assignment.Started(message.AgentId, message.Name);
        assignment.Fail(userStopped ? "Stopped by the user." : $"The agent crashed: {message.Reason}.", now);
        if (await TaskAssignments.InProgressAsync(Db, assignment, context.CancellationToken) is not { } task) return;
        if (task.Status == TaskStatus.QualityReview)
        {
            await commands.FinishTaskAsync(task, $"The quality review did not finish ({message.Reason}).",
                reviewed: true, now, context.CancellationToken);
            return;
        }
        if (userStopped) task.Block("The agent was stopped by the user; retry the task to run it again.", now);
        else task.RecordCrash(message.Reason, now); // pending again for another agent, or blocked after three crashes
    }
}

/// <summary>
/// A deleted agent will never end its task: its open assignment is closed and the task blocked, as when stopped by the
/// user.
/// </summary>
internal sealed class TaskAgentDeletedConsumer(PlanningDbContext db, ExecutionCommands commands, TimeProvider clock)
    : InboxConsumer<AgentDeleted, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentDeleted message, ConsumeContext<AgentDeleted> context)
    {
        // By its id only: an old agent of the task deleted while the next one's spawn is on its way is no news for the
        // task.
        var assignment = await Db.Assignments.FirstOrDefaultAsync(a => a.Kind == AssignmentKind.Task
            && a.AgentId == message.AgentId
            && (a.Status == AssignmentStatus.Requested || a.Status == AssignmentStatus.Running),
                context.CancellationToken);
        await FaultedAssignments.CloseAsync(Db, commands, assignment,
            $"Agent {message.Name} was deleted before it finished; retry the task to run it again.", clock.GetUtcNow(),
                context.CancellationToken);
    }
}
