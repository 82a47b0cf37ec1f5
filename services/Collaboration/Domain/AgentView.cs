namespace Codewalkers.Collaboration.Domain;

/// <summary>
/// Collaboration's read model of an agent, kept current from the Agents service's events; conversation targets are
/// resolved against it. A deleted agent stays as a tombstone carrying its last version, so a late, older event cannot
/// bring it back.
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

    private AgentView() { }

    public static AgentView Create(string agentId, AgentState state) =>
        new AgentView { AgentId = agentId }.With(state);

    public static AgentView Tombstone(string agentId, string name, long version, DateTimeOffset at) =>
        new() { AgentId = agentId, Name = name, Version = version, IsDeleted = true, UpdatedAt = at };

    /// <summary>Applies a newer version; an older or repeated one is ignored so state never moves backwards.</summary>
    public bool Apply(AgentState state)
    {
        if (state.Version <= Version) return false;
        With(state);
        return true;
    }

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
