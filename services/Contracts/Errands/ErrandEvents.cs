namespace Codewalkers.Contracts.Errands;

/// <summary>
/// An errand was created (<paramref name="From"/> null) or moved to another status (<see cref="ErrandStatuses"/>).
/// Carries the whole errand as others show it, so a subscriber (the activity feed) needs no lookup.
/// </summary>
public sealed record ErrandStatusChanged(
    string ErrandId, string ProjectId, string Description, string Branch, string BaseBranch, string? AgentId,
    string? From, string To, long Version, DateTimeOffset OccurredAt);

/// <summary>The errand record is gone (its branch was discarded first, unless it had merged).</summary>
public sealed record ErrandDeleted(string ErrandId, string ProjectId, long Version, DateTimeOffset OccurredAt);

/// <summary>An errand's status as its events spell it.</summary>
public static class ErrandStatuses
{
    public const string Active = "active";
    public const string PendingReview = "pending_review";
    public const string Merged = "merged";
    public const string Conflict = "conflict";
    public const string Abandoned = "abandoned";

    public static readonly IReadOnlyList<string> All = [Active, PendingReview, Merged, Conflict, Abandoned];
}
