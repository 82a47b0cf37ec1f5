namespace Codewalkers.Contracts.Projects;

/// <summary>
/// A git project was registered with Planning. <paramref name="Version"/> is the project's per-entity counter.
/// </summary>
public sealed record ProjectRegistered(
    string ProjectId,
    string Name,
    string Url,
    string DefaultBranch,
    long Version,
    DateTimeOffset OccurredAt);

public sealed record ProjectUpdated(
    string ProjectId,
    string Name,
    string Url,
    string DefaultBranch,
    long Version,
    DateTimeOffset OccurredAt);

/// <summary>The project is gone; errands and clones of it follow.</summary>
public sealed record ProjectDeleted(string ProjectId, long Version, DateTimeOffset OccurredAt);
