namespace Codewalkers.Contracts.Agents;

/// <summary>
/// Who an agent works for; carried by every agent event so other services can react without a lookup.
/// </summary>
public sealed record AgentContext(string? TaskId, string? PhaseId, string? InitiativeId, string? ErrandId);

public sealed record AgentSpawned(
    string AgentId, string Name, string RequestId, string Mode, string Provider, AgentContext Context,
    long Version, DateTimeOffset OccurredAt);

/// <summary>
/// Every status transition (idle | running | waiting_for_input | stopped | crashed). <paramref name="Reason"/> says
/// why: task_complete, waiting_for_input, user_requested, or an outcome class (auth_failure, usage_limit,
/// missing_signal, process_crash, timeout, unknown).
/// </summary>
public sealed record AgentStatusChanged(
    string AgentId, string Name, string From, string To, string Reason, string Mode, AgentContext Context,
    long Version, DateTimeOffset OccurredAt);

/// <summary>
/// A run ended with a valid signal. <paramref name="Outcome"/> is done | questions | error | verification_failed;
/// <paramref name="Outputs"/> are the files under <c>.cw/output/</c> (size-capped), so the requester never has to read
/// the agent's disk. <paramref name="Verification"/> is the project's last check of the work (absent when the project
/// has none, or from a service before "verified done").
/// </summary>
public sealed record AgentCompleted(
    string AgentId, string Name, string RequestId, string Mode, AgentContext Context, string Outcome, string? Summary,
    IReadOnlyList<AgentOutputFile> Outputs, long Version, DateTimeOffset OccurredAt,
    AgentVerification? Verification = null);

/// <summary>
/// One run of a project's verify command in an agent's worktree: its exit code (null when killed at the time limit),
/// how long it took and the tail of its output.
/// </summary>
public sealed record AgentVerification(
    string Command, int? ExitCode, bool TimedOut, long DurationMs, string OutputTail, DateTimeOffset At)
{
    public bool Passed => ExitCode == 0 && !TimedOut;
}

/// <summary>
/// The project's verify command ran on an execution agent's work (passed or not); every run is published, so the
/// task's evidence can be shown where the task is.
/// </summary>
public sealed record AgentVerified(
    string AgentId, string Name, AgentContext Context, int Session, AgentVerification Verification,
    DateTimeOffset OccurredAt);

public sealed record AgentOutputFile(string Path, string Content);

/// <summary>The agent record is gone (its log chunks stay). Conversations with it follow.</summary>
public sealed record AgentDeleted(
    string AgentId, string Name, AgentContext Context, long Version, DateTimeOffset OccurredAt);

/// <summary>The merge is done (and, when asked, pushed: <paramref name="Pushed"/>).</summary>
public sealed record BranchesMerged(
    string RequestId, string ProjectId, string SourceBranch, string TargetBranch, string MergeBase, string MergeCommit,
    DateTimeOffset OccurredAt, bool Pushed = false);

public sealed record MergeConflicted(
    string RequestId, string ProjectId, string SourceBranch, string TargetBranch, IReadOnlyList<string> ConflictFiles,
    DateTimeOffset OccurredAt);

/// <summary>The merge could not run at all (missing branch, unknown project); nothing was changed.</summary>
public sealed record MergeFailed(
    string RequestId, string ProjectId, string SourceBranch, string TargetBranch, string Error,
    DateTimeOffset OccurredAt);

/// <summary>
/// The merge itself went through, but the project's verify command failed on its result
/// (<paramref name="MergeCommit"/>, never reachable from <paramref name="TargetBranch"/>): the target is where it was,
/// nothing was pushed.
/// <paramref name="Verification"/> is the evidence: the command, its exit code (null when killed at the time limit),
/// whether it timed out, how long it took and the tail of its output.
/// </summary>
public sealed record MergeVerificationFailed(
    string RequestId, string ProjectId, string SourceBranch, string TargetBranch, string MergeCommit,
    AgentVerification Verification, DateTimeOffset OccurredAt);

public sealed record BranchPushed(
    string RequestId, string ProjectId, string Branch, string Commit, DateTimeOffset OccurredAt);

public sealed record PushFailed(
    string RequestId, string ProjectId, string Branch, string Error, DateTimeOffset OccurredAt);

/// <summary>
/// A <see cref="SpawnAgent"/> could not start an agent (unknown provider, missing base branch, unknown project, ...):
/// nothing runs for <paramref name="RequestId"/>, so the requester can release what it reserved.
/// <paramref name="Retryable"/>: nothing is wrong with the spawn itself, a merge it waited for
/// (<see cref="SpawnAgent.AfterMerges"/>) did not merge; the requester may send it again once that merge is dealt with.
/// </summary>
public sealed record AgentSpawnFailed(
    string RequestId, string Mode, AgentContext Context, string Error, DateTimeOffset OccurredAt,
    bool Retryable = false);

/// <summary>
/// The agent stopped to ask its user (signal <c>questions</c>); published with its move to
/// <c>waiting_for_input</c>, in the same commit. <paramref name="Session"/> is the session that asked.
/// </summary>
public sealed record AgentQuestionsAsked(
    string AgentId, string Name, string Mode, AgentContext Context, int Session,
    IReadOnlyList<AgentQuestion> Questions, long Version, DateTimeOffset OccurredAt);

/// <summary>
/// One question of a <c>questions</c> signal; <paramref name="Options"/> when the agent offered choices.
/// </summary>
public sealed record AgentQuestion(string Id, string Question, IReadOnlyList<string>? Options = null);

/// <summary>A <see cref="ResumeAgent"/> the agent could not take; <paramref name="Detail"/> says why.</summary>
public sealed record AgentResumeRefused(
    string RequestId, string AgentId, string Reason, string Detail, DateTimeOffset OccurredAt);

/// <summary>
/// A <see cref="DiscardBranch"/> is done: the agent is stopped, its worktrees are gone, and the branch is deleted when
/// that was asked (<paramref name="BranchDeleted"/>; false also when it did not exist).
/// </summary>
public sealed record BranchDiscarded(
    string RequestId, string ProjectId, string Branch, bool BranchDeleted, DateTimeOffset OccurredAt);

/// <summary>A <see cref="DiscardBranch"/> could not finish; <paramref name="Error"/> says what is left.</summary>
public sealed record DiscardFailed(
    string RequestId, string ProjectId, string Branch, string Error, DateTimeOffset OccurredAt);
