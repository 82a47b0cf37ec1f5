namespace Codewalkers.Contracts.Planning;

public sealed record PhaseCreated(
    string PhaseId, string InitiativeId, string Name, string Status, IReadOnlyList<string> DependsOn,
    long Version, DateTimeOffset OccurredAt);

public sealed record PhaseUpdated(
    string PhaseId, string InitiativeId, string Name, string Status, IReadOnlyList<string> DependsOn,
    long Version, DateTimeOffset OccurredAt);

/// <summary>The phase and its tasks are gone.</summary>
public sealed record PhaseDeleted(string PhaseId, string InitiativeId, long Version, DateTimeOffset OccurredAt);
