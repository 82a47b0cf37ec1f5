using Codewalkers.Contracts.Chat;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Collaboration.Domain.Chat;

public enum ChatSessionStatus { Active, Closed }

/// <summary>idle: the user may write; working: a turn runs; waiting_for_answers: the agent asked.</summary>
public enum ChatTurnState { Idle, Working, WaitingForAnswers }

/// <summary>
/// A conversation of the user with a chat agent about one phase or task. One session of a target is active at a time;
/// a closed one can be reopened, with a new agent that is given the history. The session remembers the agent of its
/// current conversation (so a message resumes it) and the turn under way (<see cref="TurnId"/>): only the events of
/// that turn move its state, so a late answer to an older turn is shown but changes nothing.
/// </summary>
public sealed class ChatSession
{
    public string Id { get; private set; } = "";
    public string TargetType { get; private set; } = "";
    public string TargetId { get; private set; } = "";
    public string? InitiativeId { get; private set; }
    public string? PhaseId { get; private set; }
    public string? TaskId { get; private set; }
    public ChatSessionStatus Status { get; private set; }
    public string? AgentId { get; private set; }
    public string? AgentName { get; private set; }
    public ChatTurnState TurnState { get; private set; }
    /// <summary>The user message whose turn is under way or last ran (null after a reopen).</summary>
    public string? TurnId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>Raised by every change: two requests racing on one session cannot both start a turn.</summary>
    public long Version { get; private set; }

    private ChatSession() { }

    public static ChatSession Open(string id, ChatTarget target, DateTimeOffset now)
    {
        now = now.TruncatedForStorage();
        return new ChatSession
        {
            Id = id, TargetType = target.Type, TargetId = target.Id, InitiativeId = target.InitiativeId,
            PhaseId = target.PhaseId, TaskId = target.TaskId, Status = ChatSessionStatus.Active,
            TurnState = ChatTurnState.Idle, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
    }

    public bool IsCurrentTurn(string turnId) => TurnId == turnId;

    /// <summary>A user message starts a turn: only on an active session whose agent is not still answering.</summary>
    public void StartTurn(string turnId, DateTimeOffset now)
    {
        if (Status == ChatSessionStatus.Closed)
        {
            throw new ConflictException(
                $"Chat session '{Id}' is closed; reopen it first (POST /api/chat-sessions/{Id}/reopen).",
                "Chat session closed");
        }
        if (TurnState == ChatTurnState.Working)
        {
            throw new ConflictException(
                "The agent is still answering the previous message; wait for its reply, then write again.",
                "Chat turn in progress");
        }
        (TurnId, TurnState) = (turnId, ChatTurnState.Working);
        Touch(now);
    }

    /// <summary>The turn's agent is at work: the session talks to it from now on.</summary>
    public void AgentStarted(string agentId, string agentName, DateTimeOffset now)
    {
        (AgentId, AgentName) = (agentId, agentName);
        Touch(now);
    }

    /// <summary>The turn ended (a reply or a failure): the user may write again.</summary>
    public void TurnEnded(string? agentId, DateTimeOffset now)
    {
        if (AgentId is null && agentId is not null) AgentId = agentId;
        TurnState = ChatTurnState.Idle;
        Touch(now);
    }

    public void AgentAsked(DateTimeOffset now)
    {
        TurnState = ChatTurnState.WaitingForAnswers;
        Touch(now);
    }

    /// <summary>
    /// The agent cannot be resumed (crashed, deleted): the next message starts a new one with the history. A turn
    /// that ran or waited on it is over (Planning's failure of it may follow; the user need not wait for it).
    /// </summary>
    public void ForgetAgent(DateTimeOffset now)
    {
        (AgentId, AgentName, TurnState) = (null, null, ChatTurnState.Idle);
        Touch(now);
    }

    /// <summary>Closes the session; false when it already was.</summary>
    public bool Close(DateTimeOffset now)
    {
        if (Status == ChatSessionStatus.Closed) return false;
        Status = ChatSessionStatus.Closed;
        Touch(now);
        return true;
    }

    /// <summary>
    /// Active again, with a new agent for its next message (given the history): the old agent's session is not
    /// resumed, and a turn still running for it no longer counts.
    /// </summary>
    public bool Reopen(DateTimeOffset now)
    {
        if (Status == ChatSessionStatus.Active) return false;
        (Status, AgentId, AgentName, TurnId, TurnState) =
            (ChatSessionStatus.Active, null, null, null, ChatTurnState.Idle);
        Touch(now);
        return true;
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now.TruncatedForStorage();
        Version++;
    }
}

/// <summary>What a chat is about, as the plan read model knows it.</summary>
public sealed record ChatTarget(string Type, string Id, string? InitiativeId, string? PhaseId, string? TaskId)
{
    public static bool IsType(string? type) => type is not null && ChatTargets.All.Contains(type);
}
