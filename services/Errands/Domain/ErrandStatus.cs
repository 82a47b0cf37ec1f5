namespace Codewalkers.Errands.Domain;

/// <summary>
/// An errand's status; its snake_case text (<c>pending_review</c>) is <see cref="Contracts.Errands.ErrandStatuses"/>.
/// </summary>
public enum ErrandStatus { Active, PendingReview, Merged, Conflict, Abandoned }
