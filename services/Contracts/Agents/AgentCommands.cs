namespace Codewalkers.Contracts.Agents;

/// <summary>
/// Start an agent (sent to the Agents service's queue <see cref="AgentQueues.Commands"/>). <paramref name="RequestId"/>
/// is the sender's idempotency key: a second SpawnAgent with the same RequestId starts nothing new.
/// <paramref name="AfterMerges"/> are the request ids of <see cref="MergeBranches"/> commands sent before this one
/// whose result the agent's branches must contain (a task's dependencies merged into the phase branch it starts from):
/// the agent is prepared only once they have merged; if one conflicted or failed the spawn is refused with
/// <see cref="AgentSpawnFailed"/> and <c>Retryable</c> set, since the spawn itself may succeed once that is settled.
/// <paramref name="FallbackProviders"/> are the providers the run may continue on, in order, once every account of
/// <paramref name="Provider"/> is exhausted (the initiative's providers after the first); a name the Agents service does
/// not know refuses the spawn.
/// <paramref name="VerifyCommand"/> (an execution agent's initiative's) replaces the verify command of every project the
/// agent works in for its done check; each runs with that project's time limit. Null: each project's own.
/// </summary>
public sealed record SpawnAgent(
    string RequestId,
    string Mode,
    string Prompt,
    string? Provider,
    string? TaskId,
    string? PhaseId,
    string? InitiativeId,
    string? ErrandId,
    IReadOnlyList<AgentWorkspaceProject> Projects,
    IReadOnlyList<AgentInputFile> InputFiles,
    IReadOnlyList<string> RequiredOutputs,
    IReadOnlyList<string>? AfterMerges = null,
    IReadOnlyList<string>? FallbackProviders = null,
    string? VerifyCommand = null);

/// <summary>
/// A project the agent works in: a worktree on <paramref name="Branch"/>, created from <paramref name="BaseBranch"/>
/// when it does not exist yet. <paramref name="EnsureBranches"/> are created first, in order (initiative, then phase
/// branch), each from its own base, so the chain exists before the agent starts.
/// </summary>
public sealed record AgentWorkspaceProject(
    string ProjectId, string Branch, string BaseBranch, IReadOnlyList<BranchSpec> EnsureBranches);

public sealed record BranchSpec(string Name, string From);

/// <summary>
/// A file written under the agent's <c>.cw/input/</c>; context files are listed separately in the manifest.
/// </summary>
public sealed record AgentInputFile(string Path, string Content, bool IsContext);

/// <summary>
/// Merge <paramref name="SourceBranch"/> into <paramref name="TargetBranch"/> of a project without touching anyone's
/// checkout. With <paramref name="PushTarget"/> the target is first fast-forwarded to its origin, and after the merge
/// pushed to the project's url; a failed push rolls the local target ref back and answers <see cref="MergeFailed"/>.
/// With <paramref name="VerifyMergedResult"/> and a project that has a verify command, the command runs on the merge
/// commit (in a temporary worktree) before the target moves or is pushed; a red result leaves the target as it was and
/// answers <see cref="MergeVerificationFailed"/>. Without it (or from a sender before the merged-result check) nothing
/// is checked. <paramref name="VerifyCommand"/> (the initiative's) replaces the project's command for this merge; it
/// runs with the project's time limit.
/// Answered by <see cref="BranchesMerged"/>, <see cref="MergeConflicted"/>, <see cref="MergeFailed"/> or
/// <see cref="MergeVerificationFailed"/>.
/// </summary>
public sealed record MergeBranches(
    string RequestId, string ProjectId, string SourceBranch, string TargetBranch, bool PushTarget = false,
    bool VerifyMergedResult = false, string? VerifyCommand = null);

/// <summary>
/// Push one branch of a project's clone to the project's url.
/// Answered by <see cref="BranchPushed"/> or <see cref="PushFailed"/>.
/// </summary>
public sealed record PushBranch(string RequestId, string ProjectId, string Branch);

public static class AgentQueues
{
    /// <summary>The queue the Agents service receives its commands on.</summary>
    public const string Commands = "agents-commands";
}

/// <summary>
/// Continue a stopped or waiting agent's session (sent to <see cref="AgentQueues.Commands"/>); the Agents service is
/// the one owner of every resume. <paramref name="Reason"/> is one of <see cref="ResumeReasons"/> and chooses the
/// prompt: <c>conversation</c> (other agents asked it: answer and drain its pending questions), <c>answers</c>
/// (<paramref name="Answers"/> by question id, to a waiting agent), <c>message</c> (<paramref name="Message"/>).
/// A resume the agent cannot take (not resumable, no session, deleted) is answered by <see cref="AgentResumeRefused"/>;
/// a repeated RequestId resumes nothing new.
/// </summary>
public sealed record ResumeAgent(
    string RequestId, string AgentId, string Reason, IReadOnlyDictionary<string, string>? Answers = null,
    string? Message = null);

public static class ResumeReasons
{
    public const string Conversation = "conversation";
    public const string Answers = "answers";
    public const string Message = "message";

    public static readonly IReadOnlyList<string> All = [Conversation, Answers, Message];
}

/// <summary>
/// Discard the work on one branch of a project (sent to <see cref="AgentQueues.Commands"/>): stop
/// <paramref name="AgentId"/> if it still runs, remove its worktrees, and with <paramref name="DeleteBranch"/> delete
/// <paramref name="Branch"/> from the project's clone (origin is never touched). Worktrees of a deleted project go with
/// its clone. Answered by <see cref="BranchDiscarded"/> or <see cref="DiscardFailed"/>; a repeated RequestId does the
/// same harmless thing again (everything it removes may already be gone).
/// </summary>
public sealed record DiscardBranch(
    string RequestId, string ProjectId, string Branch, string? AgentId, bool DeleteBranch);
