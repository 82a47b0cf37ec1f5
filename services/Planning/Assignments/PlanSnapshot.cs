using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Assignments;

/// <summary>
/// One initiative as an agent is shown it, read without tracking: building an assignment must never change, or be
/// changed by, entities the caller is still editing in the same context. A dispatch cycle, which has just read the
/// initiative's phases and tasks itself, hands them over (<see cref="WithPagesAsync"/>) rather than have them read
/// again for every task it starts: what it changes there (a task or phase started) is what it is about to commit.
/// </summary>
public sealed record PlanSnapshot(Initiative Initiative, IReadOnlyList<Page> Pages, IReadOnlyList<Phase> Phases,
    IReadOnlyList<PlanTask> Tasks)
{
    public static async Task<PlanSnapshot> LoadAsync(PlanningDbContext db, string initiativeId,
        CancellationToken cancellationToken)
    {
        var initiative = await db.Initiatives.AsNoTracking().Include(i => i.Projects)
            .FirstOrDefaultAsync(i => i.Id == initiativeId, cancellationToken)
            ?? throw new NotFoundException("Initiative", initiativeId);
        var phases = await db.Phases.AsNoTracking().Include(p => p.Dependencies)
            .Where(p => p.InitiativeId == initiativeId).ToListAsync(cancellationToken);
        var tasks = await db.Tasks.AsNoTracking().Include(t => t.Dependencies)
            .Where(t => t.InitiativeId == initiativeId).ToListAsync(cancellationToken);
        return await WithPagesAsync(db, initiative, phases, tasks, cancellationToken);
    }

    /// <summary>
    /// The plan from phases and tasks the caller has read already (with their dependencies); the pages are read here.
    /// </summary>
    public static async Task<PlanSnapshot> WithPagesAsync(
        PlanningDbContext db, Initiative initiative, IEnumerable<Phase> phases, IEnumerable<PlanTask> tasks,
            CancellationToken cancellationToken)
    {
        var pages = await db.Pages.AsNoTracking().Where(p => p.InitiativeId == initiative.Id)
            .ToListAsync(cancellationToken);
        return new PlanSnapshot(
            initiative,
            [.. pages.OrderBy(p => p.ParentPageId is not null).ThenBy(p => p.SortOrder).ThenBy(p => p.CreatedAt)
                .ThenBy(p => p.Id, StringComparer.Ordinal)],
            [.. phases.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal)],
            [.. tasks.OrderBy(t => t.Order).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)]);
    }
}
