namespace Codewalkers.Contracts.Planning;

/// <summary>
/// <c>Files</c>: the paths the task declared it expects to touch (directories end with '/'); <c>AllowOverlap</c>:
/// it may run beside tasks touching the same paths. Both optional for readers of older events.
/// </summary>
public sealed record TaskCreated(
    string TaskId, string? PhaseId, string? InitiativeId, string? ParentTaskId, string Name, string? Description,
    string Category, string Priority, string Status, IReadOnlyList<string> DependsOn,
    long Version, DateTimeOffset OccurredAt, IReadOnlyList<string>? Files = null, bool AllowOverlap = false);

public sealed record TaskUpdated(
    string TaskId, string? PhaseId, string? InitiativeId, string? ParentTaskId, string Name, string? Description,
    string Category, string Priority, string Status, IReadOnlyList<string> DependsOn,
    long Version, DateTimeOffset OccurredAt, IReadOnlyList<string>? Files = null, bool AllowOverlap = false);

/// <summary>The task and its subtasks are gone.</summary>
public sealed record TaskDeleted(
    string TaskId, string? PhaseId, string? InitiativeId, long Version, DateTimeOffset OccurredAt);
