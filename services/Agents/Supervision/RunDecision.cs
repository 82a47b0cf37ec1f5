using Codewalkers.Agents.Workspace;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Another session for the same agent: the prompt it continues with, on which account, resumed or fresh.
/// </summary>
internal sealed record RunRetry(string Prompt, string? SwitchToAccount, bool Fresh = false);

/// <summary>
/// What the end of a session leads to: a retry or none, and the worktrees to remove once that is committed.
/// </summary>
internal sealed record RunDecision(RunRetry? Retry, WorktreeRemoval? RemoveWorktrees = null)
{
    public static readonly RunDecision Finished = new(Retry: null);

    public static implicit operator RunDecision(RunRetry retry) => new(retry);
}
