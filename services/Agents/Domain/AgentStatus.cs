namespace Codewalkers.Agents.Domain;

/// <summary>
/// Where an agent is in its life. Stored and sent as its snake_case text (<c>EnumText</c>), which is the wire
/// vocabulary of <c>Contracts.Agents.AgentStatuses</c> ("waiting_for_input", ...).
/// </summary>
public enum AgentStatus
{
    Idle,
    Running,
    WaitingForInput,
    Stopped,
    Crashed,
}
