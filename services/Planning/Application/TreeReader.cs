using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Application;

/// <summary>
/// Reads an initiative's tree from the database: all of it (<see cref="ReadAsync"/>), or only the rows a write
/// touched since a cached snapshot (<see cref="RefreshAsync"/>). Narrow no-tracking projections, no ORDER BY (the
/// snapshot sorts), rows serialized as they arrive.
/// </summary>
internal static class TreeReader
{
    /// <summary>The whole tree, or null when the initiative does not exist.</summary>
    public static async Task<TreeSnapshot?> ReadAsync(PlanningDbContext db, string initiativeId, TreeJson json,
        CancellationToken cancellationToken)
    {
        if (await HeaderAsync(db, initiativeId, cancellationToken) is not { } header) return null;
        var phases = await PhaseRowsAsync(db.Phases.Where(p => p.InitiativeId == initiativeId), json,
            cancellationToken);
        var tasks = await TaskRowsAsync(db.Tasks.Where(t => t.InitiativeId == initiativeId), json, cancellationToken);
        var phaseEdges = await PlanEdges.PhasesAsync(db, initiativeId, cancellationToken);
        var taskEdges = await PlanEdges.TasksAsync(db, initiativeId, cancellationToken);
        return TreeSnapshot.Create(header, phases, phaseEdges, tasks, taskEdges, json);
    }

    /// <summary>
    /// <paramref name="previous"/> with the header (when <paramref name="header"/>), the phases and tasks named and
    /// their
    /// dependencies read again; null when the initiative is gone.
    /// </summary>
    public static async Task<TreeSnapshot?> RefreshAsync(
        PlanningDbContext db, TreeSnapshot previous, bool header, IReadOnlySet<string> phaseIds,
        IReadOnlySet<string> taskIds, TreeJson json,
        CancellationToken cancellationToken)
    {
        var initiativeId = previous.Header.InitiativeId;
        var fresh = header ? await HeaderAsync(db, initiativeId, cancellationToken) : previous.Header;
        if (fresh is null) return null;

        List<TreeRow> phases = [], tasks = [];
        List<(string, string)> phaseEdges = [], taskEdges = [];
        if (phaseIds.Count > 0)
        {
            var ids = phaseIds.ToArray();
            phases = await PhaseRowsAsync(db.Phases.Where(p => p.InitiativeId == initiativeId && ids.Contains(p.Id)),
                json, cancellationToken);
            phaseEdges = (await db.PhaseDependencies.AsNoTracking().Where(d => ids.Contains(d.PhaseId))
                .Select(d => new { From = d.PhaseId, To = d.DependsOnPhaseId })
                .Concat(db.PhaseDependencies.AsNoTracking().Where(d => ids.Contains(d.DependsOnPhaseId))
                    .Select(d => new { From = d.PhaseId, To = d.DependsOnPhaseId }))
                .ToListAsync(cancellationToken)).ConvertAll(e => (e.From, e.To));
        }
        if (taskIds.Count > 0)
        {
            var ids = taskIds.ToArray();
            tasks = await TaskRowsAsync(db.Tasks.Where(t => t.InitiativeId == initiativeId && ids.Contains(t.Id)),
                json, cancellationToken);
            taskEdges = (await db.TaskDependencies.AsNoTracking().Where(d => ids.Contains(d.TaskId))
                .Select(d => new { From = d.TaskId, To = d.DependsOnTaskId })
                .Concat(db.TaskDependencies.AsNoTracking().Where(d => ids.Contains(d.DependsOnTaskId))
                    .Select(d => new { From = d.TaskId, To = d.DependsOnTaskId }))
                .ToListAsync(cancellationToken)).ConvertAll(e => (e.From, e.To));
        }
        return previous.Patch(fresh, phaseIds, phases, phaseEdges, taskIds, tasks, taskEdges, json);
    }

    private static async Task<TreeHeader?> HeaderAsync(PlanningDbContext db, string initiativeId,
        CancellationToken cancellationToken)
    {
        var row = await db.Initiatives.AsNoTracking().Where(i => i.Id == initiativeId)
            .Select(i => new { i.Name, i.Status }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new TreeHeader(initiativeId, row.Name, row.Status.ToText());
    }

    private static async Task<List<TreeRow>> PhaseRowsAsync(IQueryable<Phase> phases, TreeJson json,
        CancellationToken cancellationToken)
    {
        var rows = await phases.AsNoTracking().Select(p => new { p.Id, p.Name, p.Status, p.CreatedAt, p.Version })
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(p => json.Phase(p.Id, p.Name, p.Status.ToText(), p.CreatedAt, p.Version));
    }

    private static async Task<List<TreeRow>> TaskRowsAsync(IQueryable<PlanTask> tasks, TreeJson json,
        CancellationToken cancellationToken)
    {
        var rows = await tasks.AsNoTracking()
            .Select(t => new { t.Id, t.PhaseId, t.ParentTaskId, t.Name, t.Category, t.Priority, t.Status, t.Order,
                t.RetryCount, t.Version, t.CreatedAt, t.WaitingForTaskId })
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(t => json.Task(
            t.Id, t.PhaseId, t.ParentTaskId, t.Name, t.Category.ToText(), t.Priority.ToText(), t.Status.ToText(),
                t.Order, t.RetryCount, t.Version, t.CreatedAt, t.WaitingForTaskId));
    }
}
