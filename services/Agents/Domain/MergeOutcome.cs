namespace Codewalkers.Agents.Domain;

/// <summary>
/// How a MergeBranches command ended, kept so a spawn that must start from its result (SpawnAgent.AfterMerges) can
/// wait for it and know whether it merged. Written in the same transaction as the reply to the merge.
/// </summary>
public sealed class MergeOutcome
{
    public const string Merged = "merged", Conflicted = "conflicted", Failed = "failed", CheckFailed = "check_failed";

    public string RequestId { get; private set; } = "";
    public string ProjectId { get; private set; } = "";
    public string Outcome { get; private set; } = "";
    public string? Detail { get; private set; }
    public DateTimeOffset SettledAt { get; private set; }

    private MergeOutcome() { }

    public static MergeOutcome Create(string requestId, string projectId, string outcome, string? detail,
        DateTimeOffset now) =>
        new() { RequestId = requestId, ProjectId = projectId, Outcome = outcome, Detail = detail, SettledAt = now };
}
