namespace Codewalkers.Contracts.Planning;

public sealed record TaskCreated(
    string TaskId, string? PhaseId, string? InitiativeId, string? ParentTaskId, string Name, string? Description,
    string Category, string Priority, string Status, IReadOnlyList<string> DependsOn,
    long Version, DateTimeOffset OccurredAt);

public sealed record TaskUpdated(
    string TaskId, string? PhaseId, string? InitiativeId, string? ParentTaskId, string Name, string? Description,
    string Category, string Priority, string Status, IReadOnlyList<string> DependsOn,
    long Version, DateTimeOffset OccurredAt);

/// <summary>The task and its subtasks are gone.</summary>
public sealed record TaskDeleted(
    string TaskId, string? PhaseId, string? InitiativeId, long Version, DateTimeOffset OccurredAt);
