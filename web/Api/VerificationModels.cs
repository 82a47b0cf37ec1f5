namespace Codewalkers.Web.Api;

// The evidence of the project's verify command (docs/agents.md, "Verified done" and "Merged-result checks"): one run on
// an agent's work (GET /api/agents/{id}/verifications, services/Agents/Apis/AgentResponses.cs) or on a merge's result
// (GET /api/workspace/verifications, services/Agents/Apis/MergedResultChecksApi.cs).

/// <summary>What every run of a check shows: the command, how it ended, when, and the end of its output.</summary>
public interface ICheckRun
{
    string Command { get; }
    /// <summary>Null when the command was killed at its time limit.</summary>
    int? ExitCode { get; }
    bool TimedOut { get; }
    bool Passed { get; }
    long DurationMs { get; }
    string OutputTail { get; }
    DateTimeOffset At { get; }
}

/// <summary>A check of an agent's work when it signalled done.</summary>
public sealed record AgentVerificationRun(
    long Id, int SessionNumber, string Project, string Command, int? ExitCode, bool TimedOut, bool Passed,
    long DurationMs, string OutputTail, DateTimeOffset At) : ICheckRun;

/// <summary>A check of a merge's result, made before its target branch moved.</summary>
public sealed record MergedResultCheckRun(
    long Id, string RequestId, string ProjectId, string Project, string SourceBranch, string TargetBranch,
    string MergeCommit, string Command, int? ExitCode, bool TimedOut, bool Passed, long DurationMs,
    string OutputTail, DateTimeOffset At) : ICheckRun;
