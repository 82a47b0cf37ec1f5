using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Assignments;

/// <summary>
/// One initiative as an agent is shown it, read without tracking: building an assignment must never change, or be
/// changed by, entities the caller is still editing in the same context.
/// </summary>
public sealed record PlanSnapshot(Initiative Initiative, IReadOnlyList<Page> Pages, IReadOnlyList<Phase> Phases, IReadOnlyList<PlanTask> Tasks)
{
    public static async Task<PlanSnapshot> LoadAsync(PlanningDbContext db, string initiativeId, CancellationToken cancellationToken)
    {
        var initiative = await db.Initiatives.AsNoTracking().Include(i => i.Projects).FirstOrDefaultAsync(i => i.Id == initiativeId, cancellationToken)
            ?? throw new NotFoundException("Initiative", initiativeId);
        var pages = await db.Pages.AsNoTracking().Where(p => p.InitiativeId == initiativeId).ToListAsync(cancellationToken);
        var phases = await db.Phases.AsNoTracking().Include(p => p.Dependencies).Where(p => p.InitiativeId == initiativeId).ToListAsync(cancellationToken);
        var tasks = await db.Tasks.AsNoTracking().Include(t => t.Dependencies).Where(t => t.InitiativeId == initiativeId).ToListAsync(cancellationToken);
        return new PlanSnapshot(
            initiative,
            [.. pages.OrderBy(p => p.ParentPageId is not null).ThenBy(p => p.SortOrder).ThenBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal)],
            [.. phases.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal)],
            [.. tasks.OrderBy(t => t.Order).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)]);
    }
}
