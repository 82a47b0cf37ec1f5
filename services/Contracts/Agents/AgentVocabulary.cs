namespace Codewalkers.Contracts.Agents;

// The words agent messages carry, as snake_case strings on the wire. Services compare against these constants and
// never spell a value themselves; a domain that models them as an enum maps its names onto these texts.

/// <summary>What an agent is started for (<see cref="SpawnAgent.Mode"/>, and the Mode of every agent event).</summary>
public static class AgentModes
{
    public const string Execute = "execute";
    public const string Discuss = "discuss";
    public const string Plan = "plan";
    public const string Detail = "detail";
    public const string Refine = "refine";
    public const string Errand = "errand";
    public const string Chat = "chat";
    public const string Review = "review";

    public static readonly IReadOnlyList<string> All = [Execute, Discuss, Plan, Detail, Refine, Errand, Chat, Review];

    /// <summary>The modes whose agents propose plan changes instead of changing code.</summary>
    public static readonly IReadOnlyList<string> Architect = [Discuss, Plan, Detail, Refine];

    public static bool IsArchitect(string? mode) => mode is not null && Architect.Contains(mode);
}

/// <summary>
/// An agent's status (<see cref="AgentStatusChanged.From"/> and <see cref="AgentStatusChanged.To"/>).
/// </summary>
public static class AgentStatuses
{
    public const string Idle = "idle";
    /// <summary>Spawned but not launched: the machine is short of capacity; the reason names what and by how much.</summary>
    public const string WaitingForCapacity = "waiting_for_capacity";
    public const string Running = "running";
    public const string WaitingForInput = "waiting_for_input";
    public const string Stopped = "stopped";
    public const string Crashed = "crashed";
    /// <summary>
    /// Every account of every provider the agent may run on is exhausted (or its credentials expired): it continues by
    /// itself at the earliest reset, or at once when an account is added.
    /// </summary>
    public const string WaitingForAccount = "waiting_for_account";

    public static readonly IReadOnlyList<string> All =
        [Idle, WaitingForCapacity, Running, WaitingForInput, Stopped, Crashed, WaitingForAccount];
}

/// <summary>Why a status changed (<see cref="AgentStatusChanged.Reason"/>): the original's stop reasons and the
/// outcome classes of a failed run.</summary>
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
    /// <summary>Into <see cref="AgentStatuses.WaitingForAccount"/>: no provider the agent may use has an account left.</summary>
    public const string WaitingForAccount = "waiting_for_account";
    /// <summary>
    /// Not a transition: every account of the agent's provider is exhausted and the run continues on the next provider
    /// it may use, as a new session carrying the transcript (<see cref="AgentProviderSwitched"/>).
    /// </summary>
    public const string ProviderFailover = "provider_failover";
    public const string MissingSignal = "missing_signal";
    public const string ProcessCrash = "process_crash";
    public const string Timeout = "timeout";
    public const string Unknown = "unknown";
    /// <summary>Into crashed: the Agents runner that ran it stopped heart-beating past its lease.</summary>
    public const string RunnerLost = "runner_lost";
    /// <summary>Not a transition: the agent signalled done and its project's verify command is running.</summary>
    public const string Verifying = "verifying";
    /// <summary>The verify command still failed after the retries: the agent stops with the evidence.</summary>
    public const string VerificationFailed = "verification_failed";
}

/// <summary>What an agent's signal file says it did (<see cref="AgentCompleted.Outcome"/>).</summary>
public static class SignalOutcomes
{
    public const string Done = "done";
    public const string Questions = "questions";
    public const string Error = "error";

    public static readonly IReadOnlyList<string> All = [Done, Questions, Error];

    /// <summary>
    /// Not a signal: the agent signalled done, but its project's verify command failed every time
    /// (<see cref="AgentCompleted.Verification"/> is the last run).
    /// </summary>
    public const string VerificationFailed = "verification_failed";
}
