using Codewalkers.Collaboration.Domain.Chat;
using Codewalkers.Collaboration.Domain.Inbox;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Chat;
using Codewalkers.Persistence;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Apis;

/// <summary>
/// Finds a chat's target in the plan read model (<see cref="PlanItemView"/>), which fills from Planning's events: a
/// phase or task created a moment ago may not have arrived yet, so an unknown target is waited for
/// (<see cref="ReadModelArrival"/>) before it is called unknown. A target that is done (or whose phase or initiative
/// is) has nothing left to refine.
/// </summary>
internal static class ChatTargetLookup
{
    public static async Task<ChatTarget> FindAsync(
        CollaborationDbContext db, string type, string id, CancellationToken cancellationToken)
    {
        var kind = type == ChatTargets.Phase ? PlanItemKind.Phase : PlanItemKind.Task;
        var item = await ReadModelArrival.WaitAsync(ct => db.PlanItems.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == id && p.Kind == kind, ct), cancellationToken);
        if (item is null || item.IsDeleted)
            throw new NotFoundException(kind == PlanItemKind.Phase ? "Phase" : "Task", id);
        var parents = new[] { item.PhaseId, item.InitiativeId }.OfType<string>().ToList();
        var above = await db.PlanItems.AsNoTracking().Where(p => parents.Contains(p.Id)).ToListAsync(cancellationToken);
        foreach (var done in new[] { item }.Concat(above).Where(IsDone))
        {
            var what = done.Id == item.Id ? $"{type} '{item.Name}'" : $"its {done.Kind.ToString().ToLowerInvariant()} "
                + $"'{done.Name}'";
            throw new ConflictException(
                $"Cannot chat about {type} '{id}': {what} is {done.Status}; there is nothing left to refine.",
                "Target is done");
        }
        return new ChatTarget(type, id, item.InitiativeId, kind == PlanItemKind.Phase ? id : item.PhaseId,
            kind == PlanItemKind.Task ? id : null);
    }

    private static bool IsDone(PlanItemView item) => !item.IsDeleted && item.Status is "completed" or "archived";
}
