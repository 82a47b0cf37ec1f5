using Codewalkers.Collaboration.Domain.Inbox;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Consumers;

/// <summary>The plan read model's writes: version-guarded upserts and deletes that cascade like Planning's.</summary>
internal static class PlanProjection
{
    /// <summary>Anyone who reaches the broker can publish; an id that is no Planning id is ignored.</summary>
    public static string[] Problems(string? id) => Ids.IsValid(id) ? [] : ["id"];

    /// <summary>
    /// Applies the state; returns the status it had before ("" when new), or null when nothing changed (an older
    /// version, a deleted item). An item whose initiative, phase or parent task is already deleted is born a tombstone.
    /// </summary>
    public static async Task<string?> UpsertPlanItemAsync(
        this CollaborationDbContext db, string id, PlanItemKind kind, PlanItemState state,
        CancellationToken cancellationToken)
    {
        var existing = await db.PlanItems.FindAsync([id], cancellationToken);
        if (existing is not null)
        {
            var before = existing.Status;
            return existing.Apply(state) ? before : null;
        }
        var parents = new[] { state.InitiativeId, state.PhaseId, state.ParentTaskId }.OfType<string>().ToList();
        if (parents.Count > 0
            && await db.PlanItems.AnyAsync(p => parents.Contains(p.Id) && p.IsDeleted, cancellationToken))
        {
            db.PlanItems.Add(PlanItemView.Tombstone(id, kind, state.Version, state.At));
            return null;
        }
        db.PlanItems.Add(PlanItemView.Create(id, kind, state));
        return "";
    }

    /// <summary>
    /// Deletes the item and what hangs under it: an initiative its phases and tasks, a phase its tasks, a task its
    /// subtasks (Planning publishes one event for the top only).
    /// </summary>
    public static async Task DeletePlanItemAsync(
        this CollaborationDbContext db, string id, PlanItemKind kind, long version, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var existing = await db.PlanItems.FindAsync([id], cancellationToken);
        if (existing is null) db.PlanItems.Add(PlanItemView.Tombstone(id, kind, version, at));
        else existing.Delete(version, at);
        var under = kind switch
        {
            PlanItemKind.Initiative => await db.PlanItems.Where(p => p.InitiativeId == id)
                .ToListAsync(cancellationToken),
            PlanItemKind.Phase => await db.PlanItems.Where(p => p.PhaseId == id).ToListAsync(cancellationToken),
            _ => [],
        };
        var parents = new List<string> { id };
        foreach (var item in under) item.Delete(null, at);
        // Subtasks at any depth: follow ParentTaskId down from every task deleted so far.
        parents.AddRange(under.Where(p => p.Kind == PlanItemKind.Task).Select(p => p.Id));
        var seen = parents.ToHashSet();
        while (parents.Count > 0)
        {
            var children = await db.PlanItems
                .Where(p => p.ParentTaskId != null && parents.Contains(p.ParentTaskId))
                .ToListAsync(cancellationToken);
            parents = [.. children.Where(c => seen.Add(c.Id)).Select(c => c.Id)];
            foreach (var child in children) child.Delete(null, at);
        }
    }
}
