namespace Codewalkers.Agents.Domain;

/// <summary>
/// Where an agent is in its life. Stored and sent as its snake_case text (<c>EnumText</c>), which is the wire
/// vocabulary of <c>Contracts.Agents.AgentStatuses</c> ("waiting_for_input", ...).
/// </summary>
public enum AgentStatus
{
    Idle,
    /// <summary>Not launched: the machine is short of memory, load or disk (see the status reason); starts by itself.</summary>
    WaitingForCapacity,
    Running,
    WaitingForInput,
    Stopped,
    Crashed,
}
