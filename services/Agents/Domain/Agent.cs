using Codewalkers.Contracts.Agents;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Agents.Domain;

/// <summary>
/// One agent and its status machine: idle (-> waiting_for_capacity | waiting_for_account) -> running ->
/// (waiting_for_account -> running | waiting_for_input | stopped | crashed), and resume
/// (waiting_for_input | stopped -> running, session number + 1). Every transition queues an AgentStatusChanged that
/// the outbox interceptor writes in the same SaveChanges as the change.
/// </summary>
public sealed class Agent : EventSource
{
    public string Id { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string RequestId { get; private set; } = "";
    public string? TaskId { get; private set; }
    public string? PhaseId { get; private set; }
    public string? InitiativeId { get; private set; }
    public string? ErrandId { get; private set; }
    public string? SessionId { get; private set; }
    /// <summary>The agent's working directory (the seed's worktreeId: a path).</summary>
    public string WorktreeId { get; private set; } = "";
    public string Provider { get; private set; } = "claude";
    public string? AccountId { get; private set; }
    public AgentStatus Status { get; private set; } = AgentStatus.Idle;
    public string Mode { get; private set; } = AgentModes.Execute;
    public int? Pid { get; private set; }
    public int? ExitCode { get; private set; }
    public string? Prompt { get; private set; }
    public string? OutputFilePath { get; private set; }
    /// <summary>JSON: the accepted signal's result (or the provider's result text).</summary>
    public string? Result { get; private set; }
    /// <summary>JSON array of the questions the agent is waiting on.</summary>
    public string? PendingQuestions { get; private set; }
    public DateTimeOffset? UserDismissedAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>1 at spawn, + 1 at every resume or retry; stamped on the log chunks.</summary>
    public int SessionNumber { get; private set; }
    /// <summary>How far the output file has been stored as log chunks (bytes); saved with the chunks.</summary>
    public long OutputOffset { get; private set; }
    /// <summary>Per-entity counter carried by every event about the agent.</summary>
    public long Version { get; private set; }
    /// <summary>JSON array of the files under .cw/output/ a done signal needs.</summary>
    public string RequiredOutputs { get; private set; } = "[]";
    /// <summary>Why the last transition happened (task_complete, usage_limit, ...).</summary>
    public string? StatusReason { get; private set; }
    /// <summary>
    /// Retries used in the current run (missing_signal, timeout, transient crash): bounded by the retry policy.
    /// </summary>
    public int RetryCount { get; private set; }
    public DateTimeOffset? RunStartedAt { get; private set; }
    /// <summary>The agent was asked once to commit a dirty worktree before its work is accepted as done.</summary>
    public bool CommitRequested { get; private set; }
    /// <summary>
    /// Done signals of the current run whose verify command failed: each resumed the session with the failure, until
    /// Agents:VerifyRetries.
    /// </summary>
    public int VerifyFailures { get; private set; }
    /// <summary>
    /// Set while the agent has no process between two sessions of its run: in <see cref="AgentStatus.WaitingForAccount"/>
    /// the earliest reset of the accounts it may use; while running, the moment its run continues on another provider
    /// (<see cref="SwitchProvider"/>: at once, on the supervisor's next turn).
    /// </summary>
    public DateTimeOffset? WaitingForAccountUntil { get; private set; }

    /// <summary>
    /// JSON array: the providers the agent may run on, in order (its spawn's provider, then its fallbacks); a run whose
    /// provider has no account left continues on the next with one.
    /// </summary>
    public string AllowedProviders { get; private set; } = "[]";

    /// <summary>JSON array of <see cref="ProviderSwitch"/>: every provider change, oldest first.</summary>
    public string ProviderHistory { get; private set; } = "[]";

    public bool IsWaitingForAccount => WaitingForAccountUntil is not null;

    /// <summary>
    /// The first of the <see cref="PortCount"/> ports (CW_PORT_BASE) that are the agent's own from its launch until it
    /// ends (stopped or crashed): kept on the row so a restarted service never hands the range out twice.
    /// </summary>
    public int? PortBase { get; private set; }

    public const int PortCount = 10;
    /// <summary>
    /// What the waiting run continues with (answers, a message) once it has an account; null: "continue".
    /// </summary>
    public string? PendingPrompt { get; private set; }
    /// <summary>
    /// The initiative's verify command, set at spawn: it replaces the command of every project the agent works in for
    /// its done check (each with that project's time limit). Null: each project's own.
    /// </summary>
    public string? VerifyCommandOverride { get; private set; }
    /// <summary>
    /// The runner (Agents-service replica) that made its workspace and launches, supervises and re-attaches it; the
    /// others leave it alone (<see cref="Runner"/>).
    /// </summary>
    public string RunnerId { get; private set; } = Runner.DefaultId;

    private Agent() { }

    public AgentContext Context => new(TaskId, PhaseId, InitiativeId, ErrandId);

    public static Agent Create(
        string id, string name, string requestId, string mode, string provider, AgentContext context,
        string workdir, string prompt, IReadOnlyList<string> requiredOutputs, DateTimeOffset now)
    {
        var agent = new Agent
        {
            Id = id, Name = name, RequestId = requestId, Mode = mode, Provider = provider,
            TaskId = context.TaskId, PhaseId = context.PhaseId, InitiativeId = context.InitiativeId,
            ErrandId = context.ErrandId,
            WorktreeId = workdir, Prompt = prompt, CreatedAt = now, UpdatedAt = now,
            RequiredOutputs = System.Text.Json.JsonSerializer.Serialize(requiredOutputs),
            OutputFilePath = Path.Combine(workdir, ".cw", "logs", "output.jsonl"),
        };
        agent.Version = 1;
        agent.Raise(new AgentSpawned(id, name, requestId, mode, provider, agent.Context, agent.Version, now));
        return agent;
    }

    public IReadOnlyList<string> RequiredOutputList =>
        System.Text.Json.JsonSerializer.Deserialize<string[]>(RequiredOutputs) ?? [];

    /// <summary>The providers in the order they are tried; the agent's own when its spawn named no fallback.</summary>
    public IReadOnlyList<string> AllowedProviderList =>
        System.Text.Json.JsonSerializer.Deserialize<string[]>(AllowedProviders) is { Length: > 0 } allowed
            ? allowed
            : [Provider];

    public IReadOnlyList<ProviderSwitch> ProviderSwitches =>
        System.Text.Json.JsonSerializer.Deserialize<ProviderSwitch[]>(ProviderHistory) ?? [];

    /// <summary>Idle, waiting for capacity, or waiting for an account before its first session.</summary>
    public bool IsNotLaunched => Status is AgentStatus.Idle or AgentStatus.WaitingForCapacity
        || (Status == AgentStatus.WaitingForAccount && SessionNumber == 0);

    /// <summary>At spawn: its provider first, then the fallbacks in order (each once).</summary>
    /// <summary>Set once, when the agent is created from its spawn.</summary>
    public void OverrideVerifyCommand(string? command) => VerifyCommandOverride = command;

    /// <summary>Set once, by the runner that makes the agent's workspace.</summary>
    public void BelongTo(string runnerId) => RunnerId = runnerId;

    /// <summary>
    /// Its runner stopped heart-beating past the lease: an agent not ended (not launched yet, running, or waiting for an
    /// account) crashes with <c>runner_lost</c>, which the dispatch rules retry like any crash. One waiting for input
    /// or stopped has no process and keeps its state. Returns whether it changed.
    /// </summary>
    public bool LoseRunner(DateTimeOffset now)
    {
        if (Status is not (AgentStatus.Idle or AgentStatus.WaitingForCapacity or AgentStatus.Running
            or AgentStatus.WaitingForAccount))
            return false;
        Pid = null;
        Transition(AgentStatus.Crashed, AgentReasons.RunnerLost, now);
        return true;
    }

    public void AllowProviders(IReadOnlyList<string> fallbacks) =>
        AllowedProviders = System.Text.Json.JsonSerializer.Serialize(
            new[] { Provider }.Concat(fallbacks).Distinct(StringComparer.Ordinal).ToArray());

    /// <summary>
    /// The agent goes on with another provider (every account of its own is exhausted or expired): a new session there,
    /// since no CLI can resume another's; <paramref name="pendingPrompt"/> carries the transcript so far. A running
    /// agent continues on the supervisor's next turn (reason provider_failover, not a status change); one not launched
    /// yet or waiting is launched by the caller. Publishes <see cref="AgentProviderSwitched"/>.
    /// </summary>
    public void SwitchProvider(string provider, string? accountId, string? pendingPrompt, DateTimeOffset now)
    {
        if (provider == Provider) throw new InvalidOperationException($"Agent '{Name}' is on {provider} already.");
        var from = (Provider, AccountId);
        var history = ProviderSwitches.Append(
            new ProviderSwitch(from.Provider, from.AccountId, provider, accountId, SessionNumber, now)).ToArray();
        ProviderHistory = System.Text.Json.JsonSerializer.Serialize(history);
        (Provider, AccountId, SessionId, Pid, PendingPrompt) = (provider, accountId, null, null, pendingPrompt);
        StatusReason = AgentReasons.ProviderFailover;
        if (Status == AgentStatus.Running) WaitingForAccountUntil = now;
        Touch(now);
        Raise(new AgentProviderSwitched(Id, Name, Context, from.Provider, from.AccountId, provider, accountId,
            SessionNumber, AgentReasons.ProviderFailover, now));
    }

    /// <summary>
    /// The first run: idle | waiting_for_capacity | waiting_for_account (before any session) -> running, session 1.
    /// </summary>
    public void Start(int pid, string? accountId, DateTimeOffset now)
    {
        if (!IsNotLaunched)
            throw new ConflictException($"Agent '{Name}' is {Status.ToText()}; only an idle agent can start.");
        SessionNumber = 1;
        BeginRun(pid, accountId, now);
        Transition(AgentStatus.Running, AgentReasons.Spawned, now);
    }

    /// <summary>Resume: waiting_for_input | stopped -> running, with the next session number.</summary>
    public void Resume(int pid, string? accountId, DateTimeOffset now)
    {
        EnsureResumable();
        SessionNumber++;
        (RetryCount, VerifyFailures) = (0, 0);
        PendingQuestions = null;
        BeginRun(pid, accountId, now);
        Transition(AgentStatus.Running, AgentReasons.Resumed, now);
    }

    public void EnsureResumable()
    {
        if (Status is not (AgentStatus.WaitingForInput or AgentStatus.Stopped))
            throw new ConflictException(
                $"Agent '{Name}' is {Status.ToText()}; only a waiting or stopped agent can be resumed.");
        if (SessionId is null) throw new ConflictException($"Agent '{Name}' has no session to resume.");
    }

    /// <summary>
    /// A retry inside the same run (missing signal, timeout, account switch): still running, next session.
    /// </summary>
    public void Retry(int pid, string? accountId, DateTimeOffset now)
    {
        if (Status != AgentStatus.Running)
            throw new ConflictException($"Agent '{Name}' is {Status.ToText()}; only a running agent is retried.");
        SessionNumber++;
        RetryCount++;
        // A check that ran and was not what decided (the done was sent back for another reason) is over.
        if (StatusReason == AgentReasons.Verifying) StatusReason = AgentReasons.Resumed;
        BeginRun(pid, accountId, now);
        Touch(now);
    }

    /// <summary>
    /// No provider the agent may use has an account left: waiting_for_account (a status change, published), without a
    /// process, until <paramref name="until"/> (the earliest reset) or an account is added; its session, and what it
    /// was to continue with, are kept. A waiting agent only gets the new time (no event). Returns whether anything
    /// changed.
    /// </summary>
    public bool WaitForAccount(DateTimeOffset until, DateTimeOffset now)
    {
        if (Status is not (AgentStatus.Idle or AgentStatus.WaitingForCapacity or AgentStatus.Running
            or AgentStatus.WaitingForAccount))
            throw new ConflictException(
                $"Agent '{Name}' is {Status.ToText()}; only an idle or running agent waits for an account.");
        if (Status == AgentStatus.WaitingForAccount)
        {
            if (WaitingForAccountUntil == until) return false;
            WaitingForAccountUntil = until;
            Touch(now);
            return true;
        }
        var pending = PendingPrompt;
        Pid = null;
        Transition(AgentStatus.WaitingForAccount, AgentReasons.WaitingForAccount, now);
        (WaitingForAccountUntil, PendingPrompt) = (until, pending);
        return true;
    }

    /// <summary>
    /// The machine is short of capacity (<paramref name="reason"/>: what was measured against which threshold): an idle
    /// agent is not launched but waits, a status change (an event) so the wait is visible everywhere. While it waits a
    /// new measurement only refreshes the reason (no event). Returns whether anything changed.
    /// </summary>
    public bool WaitForCapacity(string reason, DateTimeOffset now)
    {
        if (!IsNotLaunched)
            throw new ConflictException(
                $"Agent '{Name}' is {Status.ToText()}; only an agent not launched yet waits for capacity.");
        if (Status != AgentStatus.WaitingForCapacity)
        {
            Transition(AgentStatus.WaitingForCapacity, reason, now);
            return true;
        }
        if (StatusReason == reason && WaitingForAccountUntil is null) return false;
        (StatusReason, WaitingForAccountUntil) = (reason, null);
        Touch(now);
        return true;
    }

    /// <summary>The ports CW_PORT_BASE..+9 are this agent's until it ends.</summary>
    public void AssignPorts(int portBase) => PortBase = portBase;

    /// <summary>
    /// Answers or a message for a waiting or stopped agent while no account is free: accepted (running, reason
    /// resumed), then waiting for an account with <paramref name="prompt"/> kept for when it continues.
    /// </summary>
    public void ResumeWhenAccountFree(string prompt, DateTimeOffset until, DateTimeOffset now)
    {
        EnsureResumable();
        RetryCount = 0;
        PendingQuestions = null;
        Pid = null;
        Transition(AgentStatus.Running, AgentReasons.Resumed, now);
        WaitForAccount(until, now);
        PendingPrompt = prompt;
    }

    /// <summary>
    /// An account is free again (or the run goes on with another provider): the run continues as the next session
    /// number; from waiting_for_account that is a status change back to running.
    /// </summary>
    public void ContinueAfterWait(int pid, string? accountId, DateTimeOffset now)
    {
        if (!IsWaitingForAccount || Status is not (AgentStatus.Running or AgentStatus.WaitingForAccount)
            || SessionNumber == 0)
            throw new ConflictException($"Agent '{Name}' is not waiting for an account.");
        var reason = StatusReason == AgentReasons.ProviderFailover ? AgentReasons.ProviderFailover
            : AgentReasons.Resumed;
        SessionNumber++;
        BeginRun(pid, accountId, now);
        if (Status == AgentStatus.WaitingForAccount) Transition(AgentStatus.Running, reason, now);
        else
        {
            (WaitingForAccountUntil, PendingPrompt, StatusReason) = (null, null, reason);
            Touch(now);
        }
    }

    /// <summary>
    /// The agent signalled questions: waiting_for_input, and AgentQuestionsAsked (the questions as the signal wrote
    /// them, with the transition's version) in the same commit, so the user's inbox gets them with the status.
    /// </summary>
    public void WaitForInput(string questionsJson, DateTimeOffset now)
    {
        EnsureRunning();
        PendingQuestions = questionsJson;
        Pid = null;
        Transition(AgentStatus.WaitingForInput, AgentReasons.WaitingForInput, now);
        Raise(new AgentQuestionsAsked(Id, Name, Mode, Context, SessionNumber, SignalQuestions.Parse(questionsJson),
            Version, now));
    }

    public void Complete(string reason, string? resultJson, int? exitCode, DateTimeOffset now)
    {
        EnsureRunning();
        (Result, ExitCode, Pid) = (resultJson ?? Result, exitCode, null);
        Transition(AgentStatus.Stopped, reason, now);
    }

    public void Crash(string outcomeClass, string? resultJson, int? exitCode, DateTimeOffset now)
    {
        EnsureRunning();
        (Result, ExitCode, Pid) = (resultJson ?? Result, exitCode, null);
        Transition(AgentStatus.Crashed, outcomeClass, now);
    }

    /// <summary>The CLI could not even be started: idle | waiting_for_capacity -> crashed.</summary>
    public void Fail(string outcomeClass, string? resultJson, DateTimeOffset now)
    {
        if (!IsNotLaunched) throw new ConflictException($"Agent '{Name}' is {Status.ToText()}, not idle.");
        Result = resultJson;
        Transition(AgentStatus.Crashed, outcomeClass, now);
    }

    /// <summary>The user stops it: any live status -> stopped (an idle or finished agent stays as it is).</summary>
    public bool Stop(DateTimeOffset now)
    {
        if (Status is AgentStatus.Stopped or AgentStatus.Crashed) return false;
        Pid = null;
        PendingQuestions = null;
        Transition(AgentStatus.Stopped, AgentReasons.UserRequested, now);
        return true;
    }

    public void Dismiss(DateTimeOffset now)
    {
        if (Status == AgentStatus.Running)
            throw new ConflictException($"Agent '{Name}' is running; stop it before dismissing it.");
        UserDismissedAt ??= now;
        Touch(now);
    }

    public void MarkDeleted(DateTimeOffset now)
    {
        if (Status == AgentStatus.Running)
            throw new ConflictException($"Agent '{Name}' is running; stop it before deleting it.");
        Version++;
        Raise(new AgentDeleted(Id, Name, Context, Version, now));
    }

    public void RecordSession(string sessionId, DateTimeOffset now)
    {
        if (SessionId == sessionId) return;
        SessionId = sessionId;
        Touch(now);
    }

    public void RecordOutput(long offset)
    {
        if (offset < OutputOffset)
            throw new InvalidOperationException(
                $"Output offset of '{Name}' cannot move back ({OutputOffset} -> {offset}).");
        OutputOffset = offset;
    }

    public void RequestCommit() => CommitRequested = true;

    /// <summary>
    /// The agent signalled done and its project's verify command runs: visible as the reason, not a status change (it
    /// is still running; no event).
    /// </summary>
    public void MarkVerifying(DateTimeOffset now)
    {
        EnsureRunning();
        StatusReason = AgentReasons.Verifying;
        Touch(now);
    }

    /// <summary>
    /// The check failed: counted, so the retries stop at the limit; the reason shows it while the agent fixes its work.
    /// </summary>
    public void RecordVerifyFailure()
    {
        VerifyFailures++;
        StatusReason = AgentReasons.VerificationFailed;
    }

    public void RecordVerification(AgentVerified verified) => Raise(verified);

    public void SetPrompt(string prompt) => Prompt = prompt;

    public void RecordCompletion(AgentCompleted completed) => Raise(completed);

    private void BeginRun(int pid, string? accountId, DateTimeOffset now)
    {
        (Pid, AccountId, ExitCode, RunStartedAt) = (pid, accountId ?? AccountId, null, now);
    }

    private void EnsureRunning()
    {
        if (Status != AgentStatus.Running)
            throw new ConflictException($"Agent '{Name}' is {Status.ToText()}, not running.");
    }

    private void Transition(AgentStatus to, string reason, DateTimeOffset now)
    {
        var from = Status;
        Status = to;
        (WaitingForAccountUntil, PendingPrompt) = (null, null);
        // An ended agent runs nothing more: its ports go back for the next agent.
        if (to is AgentStatus.Stopped or AgentStatus.Crashed) PortBase = null;
        StatusReason = reason;
        Version++;
        Touch(now);
        Raise(new AgentStatusChanged(Id, Name, from.ToText(), to.ToText(), reason, Mode, Context, Version, now));
    }

    private void Touch(DateTimeOffset now) => UpdatedAt = now;
}

/// <summary>
/// One provider change of an agent: from which provider and account to which, after which session, and when.
/// </summary>
public sealed record ProviderSwitch(
    string FromProvider, string? FromAccountId, string ToProvider, string? ToAccountId, int AfterSession,
    DateTimeOffset At);
