namespace Codewalkers.Contracts.Planning;

// Events about initiatives. Each carries the initiative's Version (a per-entity counter): a consumer ignores a
// version it has already passed, so redelivery or reordering never moves a read model backwards.

public sealed record InitiativeCreated(
    string InitiativeId, string Name, string Status, string Branch, string ExecutionMode, bool QualityReview,
    IReadOnlyList<string> ProjectIds, long Version, DateTimeOffset OccurredAt);

public sealed record InitiativeUpdated(
    string InitiativeId, string Name, string Status, string Branch, string ExecutionMode, bool QualityReview,
    IReadOnlyList<string> ProjectIds, long Version, DateTimeOffset OccurredAt);

/// <summary>
/// The initiative and everything under it (pages, phases, tasks, proposals) is gone; cascade your copies.
/// </summary>
public sealed record InitiativeDeleted(string InitiativeId, long Version, DateTimeOffset OccurredAt);
