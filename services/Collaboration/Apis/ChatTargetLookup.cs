using System.Diagnostics;
using Codewalkers.Collaboration.Domain.Chat;
using Codewalkers.Collaboration.Domain.Inbox;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Chat;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Apis;

/// <summary>
/// Finds a chat's target in the plan read model (<see cref="PlanItemView"/>), which fills from Planning's events: a
/// phase or task created a moment ago may not have arrived yet, so an unknown target is waited for a few seconds before
/// it is called unknown. A target that is done (or whose phase or initiative is) has nothing left to refine.
/// </summary>
internal static class ChatTargetLookup
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static async Task<ChatTarget> FindAsync(
        CollaborationDbContext db, string type, string id, CancellationToken cancellationToken)
    {
        var kind = type == ChatTargets.Phase ? PlanItemKind.Phase : PlanItemKind.Task;
        var waited = Stopwatch.StartNew();
        PlanItemView? item;
        while (true)
        {
            item = await db.PlanItems.AsNoTracking()
                .FirstOrDefaultAsync(p => p.Id == id && p.Kind == kind, cancellationToken);
            if (item is not null || waited.Elapsed >= Patience) break;
            await Task.Delay(Poll, cancellationToken);
        }
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
