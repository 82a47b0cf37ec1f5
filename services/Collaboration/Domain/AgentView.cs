using Codewalkers.Contracts.Agents;

namespace Codewalkers.Collaboration.Domain;

/// <summary>
/// Collaboration's read model of an agent, kept current from the Agents service's events; conversation targets are
/// resolved against it. A deleted agent stays as a tombstone carrying its last version, so a late, older event cannot
/// bring it back. It also remembers the one resume this service has asked for the agent and not yet seen happen
/// (<see cref="ResumeRequestId"/>), so questions to a stopped agent wake it once, not once per question.
/// </summary>
public sealed class AgentView
{
    public string AgentId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Status { get; private set; } = "";
    public string Mode { get; private set; } = "";
    public string? TaskId { get; private set; }
    public string? PhaseId { get; private set; }
    public string? InitiativeId { get; private set; }
    public long Version { get; private set; }
    public bool IsDeleted { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>
    /// The <see cref="ResumeAgent"/> sent for questions to this stopped agent that has not shown an effect yet: no
    /// newer event of the agent came since, and it was not refused. Cleared by the next event (the agent ran) or by
    /// the refusal.
    /// </summary>
    public string? ResumeRequestId { get; private set; }

    private AgentView() { }

    public static AgentView Create(string agentId, AgentState state) =>
        new AgentView { AgentId = agentId }.With(state);

    public static AgentView Tombstone(string agentId, string name, long version, DateTimeOffset at) =>
        new() { AgentId = agentId, Name = name, Version = version, IsDeleted = true, UpdatedAt = at };

    /// <summary>Applies a newer version; an older or repeated one is ignored so state never moves backwards.</summary>
    public bool Apply(AgentState state)
    {
        if (state.Version <= Version) return false;
        // A stopped agent changes only by being resumed or deleted: any newer event means the resume took place.
        ResumeRequestId = null;
        With(state);
        return true;
    }

    /// <summary>
    /// A question to this agent that it cannot hear: a stopped agent is woken (in our vocabulary the original's idle
    /// agent with a session). The first question sends the resume; later ones count on the same one while it is
    /// outstanding. Null when nothing is to be sent (not stopped, or a resume is already on its way).
    /// </summary>
    public ResumeAgent? WakeFor(Conversation conversation, string newRequestId)
    {
        if (IsDeleted || Status != AgentStatuses.Stopped) return null;
        ResumeAgent? command = null;
        if (ResumeRequestId is null)
        {
            ResumeRequestId = newRequestId;
            command = new ResumeAgent(newRequestId, AgentId, ResumeReasons.Conversation);
        }
        conversation.CountOn(ResumeRequestId);
        return command;
    }

    /// <summary>The Agents service refused the resume: the next question may ask again.</summary>
    public void ResumeRefused(string requestId)
    {
        if (ResumeRequestId == requestId) ResumeRequestId = null;
    }

    /// <summary>
    /// Whether the agent, as last seen, runs, waits for input, or is about to run (not launched yet, held for capacity
    /// or for an account to reset): it will read its questions without a resume, which it would refuse anyway.
    /// </summary>
    public bool IsActive => !IsDeleted && Status is AgentStatuses.Idle or AgentStatuses.WaitingForCapacity
        or AgentStatuses.Running or AgentStatuses.WaitingForInput or AgentStatuses.WaitingForAccount;

    public bool Delete(long version, DateTimeOffset at)
    {
        if (version <= Version) return false;
        (Version, IsDeleted, UpdatedAt) = (version, true, at);
        return true;
    }

    private AgentView With(AgentState state)
    {
        (Name, Status, Mode, Version, UpdatedAt) = (state.Name, state.Status, state.Mode, state.Version, state.At);
        (TaskId, PhaseId, InitiativeId) = (state.TaskId, state.PhaseId, state.InitiativeId);
        return this;
    }
}

/// <summary>What one agent event says about the agent.</summary>
public sealed record AgentState(
    string Name, string Status, string Mode, string? TaskId, string? PhaseId, string? InitiativeId, long Version,
    DateTimeOffset At);
