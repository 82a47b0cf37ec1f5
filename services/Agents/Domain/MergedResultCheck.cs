using Codewalkers.Contracts.Agents;

namespace Codewalkers.Agents.Domain;

/// <summary>
/// One run of a project's verify command on the result of a merge (MergeBranches with VerifyMergedResult), made before
/// the target branch moved: the evidence of why a merge was refused, or that its result passed.
/// </summary>
public sealed class MergedResultCheck
{
    public long Id { get; private set; }
    /// <summary>The MergeBranches request id (the sender's id of the merge).</summary>
    public string RequestId { get; private set; } = "";
    public string ProjectId { get; private set; } = "";
    public string ProjectName { get; private set; } = "";
    public string SourceBranch { get; private set; } = "";
    public string TargetBranch { get; private set; } = "";
    /// <summary>The merge commit checked; the target points at it only when the check passed.</summary>
    public string MergeCommit { get; private set; } = "";
    public string Command { get; private set; } = "";
    /// <summary>Null when the command was killed at its time limit.</summary>
    public int? ExitCode { get; private set; }
    public bool TimedOut { get; private set; }
    public long DurationMs { get; private set; }
    /// <summary>The last bytes of its stdout and stderr together (Agents:VerifyOutputTailBytes).</summary>
    public string OutputTail { get; private set; } = "";
    public DateTimeOffset At { get; private set; }

    public bool Passed => ExitCode == 0 && !TimedOut;

    private MergedResultCheck() { }

    public static MergedResultCheck Create(string requestId, ProjectClone project, string source, string target,
        string mergeCommit, string command, int? exitCode, bool timedOut, long durationMs, string outputTail,
        DateTimeOffset at) =>
        new()
        {
            RequestId = requestId, ProjectId = project.Id, ProjectName = project.Name, SourceBranch = source,
            TargetBranch = target, MergeCommit = mergeCommit, Command = command, ExitCode = exitCode,
            TimedOut = timedOut, DurationMs = durationMs, OutputTail = outputTail, At = at,
        };

    public AgentVerification ToContract() => new(Command, ExitCode, TimedOut, DurationMs, OutputTail, At);
}
