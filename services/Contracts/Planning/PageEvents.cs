namespace Codewalkers.Contracts.Planning;

public sealed record PageCreated(
    string PageId, string InitiativeId, string? ParentPageId, string Title, int SortOrder,
    long Version, DateTimeOffset OccurredAt);

public sealed record PageUpdated(
    string PageId, string InitiativeId, string? ParentPageId, string Title, int SortOrder,
    long Version, DateTimeOffset OccurredAt);

/// <summary>The page is gone; each page of a deleted subtree gets its own event.</summary>
public sealed record PageDeleted(string PageId, string InitiativeId, long Version, DateTimeOffset OccurredAt);
