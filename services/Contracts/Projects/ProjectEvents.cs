namespace Codewalkers.Contracts.Projects;

/// <summary>
/// A git project was registered with Planning. <paramref name="Version"/> is the project's per-entity counter.
/// <paramref name="VerifyCommand"/> (run with <c>sh -c</c> in an execution agent's worktree when it signals done) and
/// <paramref name="VerifyTimeoutSeconds"/> are absent in messages from before "verified done": no check.
/// </summary>
public sealed record ProjectRegistered(
    string ProjectId,
    string Name,
    string Url,
    string DefaultBranch,
    long Version,
    DateTimeOffset OccurredAt,
    string? VerifyCommand = null,
    int? VerifyTimeoutSeconds = null);

public sealed record ProjectUpdated(
    string ProjectId,
    string Name,
    string Url,
    string DefaultBranch,
    long Version,
    DateTimeOffset OccurredAt,
    string? VerifyCommand = null,
    int? VerifyTimeoutSeconds = null);

/// <summary>The project is gone; errands and clones of it follow.</summary>
public sealed record ProjectDeleted(string ProjectId, long Version, DateTimeOffset OccurredAt);
