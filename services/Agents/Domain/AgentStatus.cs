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
    /// <summary>
    /// No provider the agent may use has an account left (exhausted, or credentials expired): no process; it launches
    /// (or continues its run) by itself at the earliest reset, or at once when an account is added.
    /// </summary>
    WaitingForAccount,
}
