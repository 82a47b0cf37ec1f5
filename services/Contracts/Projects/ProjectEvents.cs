namespace Codewalkers.Contracts.Projects;

/// <summary>A git project was registered with Planning. <paramref name="Version"/> is the project's per-entity counter.</summary>
public sealed record ProjectRegistered(
    string ProjectId,
    string Name,
    string Url,
    string DefaultBranch,
    long Version,
    DateTimeOffset OccurredAt);
