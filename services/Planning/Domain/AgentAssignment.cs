namespace Codewalkers.Planning.Domain;

public enum AssignmentKind { Architect, Task, Chat }

public enum AssignmentStatus { Requested, Running, Finished, Failed }

/// <summary>
/// One agent Planning asked the Agents service for (its id is the SpawnAgent RequestId): an architect run (discuss,
/// plan, refine, detail), the execution of a task, or the agent of a chat session (its turns: ChatTurn). It ties
/// the agent's events back to the plan and keeps what went
/// wrong (a spawn refused, a crash, malformed outputs) where the user can read it.
/// </summary>
public sealed class AgentAssignment
{
    public const int MaxErrorLength = 8_000;

    public string Id { get; private set; } = "";
    public AssignmentKind Kind { get; private set; }
    /// <summary>The agent mode: discuss | plan | refine | detail | execute | chat.</summary>
    public string Mode { get; private set; } = "";
    public string InitiativeId { get; private set; } = "";
    public string? PhaseId { get; private set; }
    public string? TaskId { get; private set; }
    public string? AgentId { get; private set; }
    public string? AgentName { get; private set; }
    public AssignmentStatus Status { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    private AgentAssignment() { }

    public static AgentAssignment Request(
        string requestId, AssignmentKind kind, string mode, string initiativeId, string? phaseId, string? taskId,
            DateTimeOffset now) => new()
    {
        Id = requestId, Kind = kind, Mode = mode, InitiativeId = initiativeId, PhaseId = phaseId, TaskId = taskId,
        Status = AssignmentStatus.Requested, CreatedAt = now,
    };

    public bool IsOpen => Status is AssignmentStatus.Requested or AssignmentStatus.Running;

    public void Started(string agentId, string agentName)
    {
        AgentId = agentId;
        AgentName = agentName;
        if (Status == AssignmentStatus.Requested) Status = AssignmentStatus.Running;
    }

    public void Finish(DateTimeOffset now)
    {
        Status = AssignmentStatus.Finished;
        Error = null; // a resumed agent that finishes after a failure leaves no stale error behind
        FinishedAt = now;
    }

    /// <summary>
    /// Closes the assignment with what went wrong; the error is mostly another service's or git's words, so it is made
    /// storable, never refused.
    /// </summary>
    public void Fail(string? error, DateTimeOffset now)
    {
        Status = AssignmentStatus.Failed;
        Error = StorableText.Text(error, MaxErrorLength) is { Length: > 0 } text ? text : "(no details)";
        FinishedAt = now;
    }
}
