namespace Codewalkers.Planning.Domain;

/// <summary>
/// What a merge carries: a task into its phase, a phase into the initiative, the initiative into the default branch
/// (and pushed), or only the initiative branch pushed.
/// </summary>
public enum MergeKind { TaskIntoPhase, PhaseIntoInitiative, InitiativeIntoDefault, InitiativePush }

/// <summary>
/// <c>CheckFailed</c>: the merge went through in git, but the project's verify command failed on its result, so the
/// target was left as it was (<c>Error</c> names the check).
/// </summary>
public enum MergeStatus { Requested, Merged, Conflicted, Failed, CheckFailed }

/// <summary>
/// A MergeBranches command Planning sent (its id is the RequestId), kept until the Agents service answers.
/// </summary>
public sealed class MergeRequest
{
    public string Id { get; private set; } = "";
    public MergeKind Kind { get; private set; }
    public string InitiativeId { get; private set; } = "";
    public string? PhaseId { get; private set; }
    public string? TaskId { get; private set; }
    public string ProjectId { get; private set; } = "";
    public string SourceBranch { get; private set; } = "";
    public string TargetBranch { get; private set; } = "";
    public MergeStatus Status { get; private set; }
    public string? MergeBase { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    private MergeRequest() { }

    public static MergeRequest Create(
        string requestId, MergeKind kind, string initiativeId, string? phaseId, string? taskId, string projectId,
        string sourceBranch, string targetBranch, DateTimeOffset now) => new()
    {
        Id = requestId, Kind = kind, InitiativeId = initiativeId, PhaseId = phaseId, TaskId = taskId,
        ProjectId = projectId,
        SourceBranch = sourceBranch, TargetBranch = targetBranch, Status = MergeStatus.Requested, CreatedAt = now,
    };

    public void Merged(string mergeBase, DateTimeOffset now)
        => (Status, MergeBase, FinishedAt) = (MergeStatus.Merged, mergeBase, now);

    /// <summary>
    /// Conflicted, failed and check-failed carry git's or the check's words (any length, any bytes): stored readable and
    /// capped (<see cref="StorableText"/>), so the merge's outcome is never refused for its text.
    /// </summary>
    public void Conflicted(IReadOnlyList<string> files, DateTimeOffset now) =>
        (Status, Error, FinishedAt) =
            (MergeStatus.Conflicted, ErrorText($"Conflicts in {string.Join(", ", files)}"), now);

    public const int MaxErrorLength = 4000;

    public void Failed(string error, DateTimeOffset now) =>
        (Status, Error, FinishedAt) = (MergeStatus.Failed, ErrorText(error), now);

    /// <summary>The merged result failed the project's check; <paramref name="reason"/> names it.</summary>
    public void CheckFailed(string reason, DateTimeOffset now) =>
        (Status, Error, FinishedAt) = (MergeStatus.CheckFailed, ErrorText(reason), now);

    private static string? ErrorText(string text) => StorableText.Text(text, MaxErrorLength);
}
