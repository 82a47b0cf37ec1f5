using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Planning.Chat;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Execution;
using Codewalkers.Planning.Infrastructure;
using MassTransit;
using MassTransit.Metadata;
using Microsoft.EntityFrameworkCore;
using TaskStatus = Codewalkers.Planning.Domain.TaskStatus;

namespace Codewalkers.Planning.Consumers;

// A message about an agent that could not be handled, after the bus's retries, goes to an error queue and MassTransit
// publishes a Fault<T> of it. Without these consumers the assignment it was about stayed open and its task in progress
// for good: the task held a concurrency slot, its phase and initiative never finished, and nobody was told. Here the
// assignment is closed with the error and the task blocked, saying what failed, for a human to look at and retry.

/// <summary>
/// The Agents service could not handle a SpawnAgent at all (not even to refuse it): no agent will come.
/// </summary>
internal sealed class SpawnAgentFaultConsumer(PlanningDbContext db, ExecutionCommands commands, TimeProvider clock)
    : InboxConsumer<Fault<SpawnAgent>, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(Fault<SpawnAgent> message, ConsumeContext<Fault<SpawnAgent>> context)
    {
        var assignment = await Db.Assignments.FindAsync([message.Message.RequestId], context.CancellationToken);
        await FaultedAssignments.CloseAsync(Db, commands, assignment,
            "The Agents service could not handle the request for an agent " +
                $"({FaultedAssignments.Describe(message)}); retry the task to run it again.",
            clock.GetUtcNow(), context.CancellationToken);
    }
}

/// <summary>
/// Planning could not apply an AgentSpawnFailed: the spawn was refused, yet the task still waited for its agent.
/// </summary>
internal sealed class AgentSpawnFailedFaultConsumer(PlanningDbContext db, ExecutionCommands commands,
    TimeProvider clock)
    : InboxConsumer<Fault<AgentSpawnFailed>, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(Fault<AgentSpawnFailed> message,
        ConsumeContext<Fault<AgentSpawnFailed>> context)
    {
        if (!FaultedAssignments.RaisedHere(message)) return;
        var assignment = await Db.Assignments.FindAsync([message.Message.RequestId], context.CancellationToken);
        await FaultedAssignments.CloseAsync(Db, commands, assignment,
            $"The agent could not start ({message.Message.Error}), and Planning could not record it " +
                $"({FaultedAssignments.Describe(message)}).",
            clock.GetUtcNow(), context.CancellationToken);
    }
}

/// <summary>
/// Planning could not apply an agent's completion (done or error): the work it reported is not recorded.
/// </summary>
internal sealed class AgentCompletedFaultConsumer(PlanningDbContext db, ExecutionCommands commands, TimeProvider clock)
    : InboxConsumer<Fault<AgentCompleted>, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(Fault<AgentCompleted> message,
        ConsumeContext<Fault<AgentCompleted>> context)
    {
        // An agent asking questions waits for answers and goes on with the same assignment: nothing was lost.
        if (!FaultedAssignments.RaisedHere(message) || message.Message.Outcome == SignalOutcomes.Questions) return;
        var assignment = await Db.Assignments.FindAsync([message.Message.RequestId], context.CancellationToken);
        await FaultedAssignments.CloseAsync(Db, commands, assignment,
            $"Agent {message.Message.Name} ended ({message.Message.Outcome}), but Planning could not apply it " +
                $"({FaultedAssignments.Describe(message)}); " +
            "retry the task to run it again.", clock.GetUtcNow(), context.CancellationToken);
    }
}

/// <summary>Planning could not apply an agent's crash or stop: the task would wait for an agent that is gone.</summary>
internal sealed class AgentStatusChangedFaultConsumer(PlanningDbContext db, ExecutionCommands commands,
    TimeProvider clock)
    : InboxConsumer<Fault<AgentStatusChanged>, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(Fault<AgentStatusChanged> message,
        ConsumeContext<Fault<AgentStatusChanged>> context)
    {
        var changed = message.Message;
        // Only endings are acted on here; any other change left the agent at work.
        if (!FaultedAssignments.RaisedHere(message)
            || changed.To is not (AgentStatuses.Crashed or AgentStatuses.Stopped)) return;
        var assignment = await Db.Assignments
            .Where(a => a.Status == AssignmentStatus.Requested || a.Status == AssignmentStatus.Running)
            .FirstOrDefaultAsync(a => a.AgentId == changed.AgentId
                || (a.AgentId == null && a.TaskId != null && a.TaskId == changed.Context.TaskId),
                context.CancellationToken);
        await FaultedAssignments.CloseAsync(Db, commands, assignment,
            $"Agent {changed.Name} {changed.To} ({changed.Reason}), but Planning could not apply it " +
                $"({FaultedAssignments.Describe(message)}); " +
            "retry the task to run it again.", clock.GetUtcNow(), context.CancellationToken);
    }
}

/// <summary>
/// The Agents service could not handle a MergeBranches at all: the merge is failed with why, as a refused merge is.
/// </summary>
internal sealed class MergeBranchesFaultConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<Fault<MergeBranches>, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(Fault<MergeBranches> message,
        ConsumeContext<Fault<MergeBranches>> context)
    {
        if (await Db.Merges.FindAsync([message.Message.RequestId],
            context.CancellationToken) is { Status: MergeStatus.Requested } merge)
            await MergeFailedConsumer.FailAsync(Db, merge,
                $"The Agents service could not handle the merge ({FaultedAssignments.Describe(message)})",
                clock.GetUtcNow(), context.CancellationToken);
    }
}

internal static class FaultedAssignments
{
    /// <summary>
    /// Whether this service's consumer faulted (the fault names the host that raised it): other services consume the
    /// same
    /// events for their own views, and their troubles say nothing about the task.
    /// </summary>
    public static bool RaisedHere(Fault fault) => fault.Host?.Assembly is { } assembly
        && assembly == HostMetadataCache.Host.Assembly;

    /// <summary>The exception that made the message fault, as the fault carries it.</summary>
    public static string Describe(Fault fault) =>
        fault.Exceptions?.FirstOrDefault() is { } exception ? $"{exception.ExceptionType}: {exception.Message}"
            : "no details";

    /// <summary>
    /// Closes <paramref name="assignment"/> if it is still open, and blocks its task if the task still waits on it: a
    /// quality reviewer's task completes instead, as when its reviewer cannot start (the work itself is done). A chat
    /// assignment's open turn fails.
    /// </summary>
    public static async Task CloseAsync(
        PlanningDbContext db, ExecutionCommands commands, AgentAssignment? assignment, string why, DateTimeOffset now,
            CancellationToken cancellationToken)
    {
        if (assignment is { Kind: AssignmentKind.Chat })
        {
            // The session waits for its turn's answer: it fails too, whatever the assignment's state.
            await ChatTurns.EndAsync(db, assignment, why, now, cancellationToken);
            return;
        }
        if (assignment is not { IsOpen: true }) return;
        assignment.Fail(why, now);
        if (assignment.Kind != AssignmentKind.Task
            || await TaskAssignments.InProgressAsync(db, assignment, cancellationToken) is not { } task) return;
        if (task.Status == TaskStatus.QualityReview)
        {
            await commands.FinishTaskAsync(task, $"The quality review did not run: {why}", reviewed: true, now,
                cancellationToken);
            return;
        }
        task.BlockFor(why, now);
    }
}
