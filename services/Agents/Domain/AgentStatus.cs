namespace Codewalkers.Agents.Domain;

public static class AgentStatus
{
    public const string Idle = "idle";
    public const string Running = "running";
    public const string WaitingForInput = "waiting_for_input";
    public const string Stopped = "stopped";
    public const string Crashed = "crashed";

    public static readonly string[] All = [Idle, Running, WaitingForInput, Stopped, Crashed];
}
