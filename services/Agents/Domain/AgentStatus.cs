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

/// <summary>Why a status changed: stop reasons of the original, plus the outcome classes of a failed run.</summary>
public static class AgentReasons
{
    public const string Spawned = "spawned";
    public const string Resumed = "resumed";
    public const string TaskComplete = "task_complete";
    public const string WaitingForInput = "waiting_for_input";
    public const string UserRequested = "user_requested";
    public const string Error = "error";
    public const string AuthFailure = "auth_failure";
    public const string UsageLimit = "usage_limit";
    /// <summary>Not a transition: every account of the provider is exhausted and the agent waits for one.</summary>
    public const string WaitingForAccount = "waiting_for_account";
    public const string MissingSignal = "missing_signal";
    public const string ProcessCrash = "process_crash";
    public const string Timeout = "timeout";
    public const string Unknown = "unknown";
}

public static class AgentModes
{
    public static readonly string[] All = ["execute", "discuss", "plan", "detail", "refine", "errand", "chat", "review"];
}
