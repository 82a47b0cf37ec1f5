using Codewalkers.Planning.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Application;

/// <summary>
/// The "X depends on Y" edges of one initiative, read without tracking: for cycle checks and the ready set.
/// </summary>
public static class PlanEdges
{
    public static async Task<List<(string From, string To)>> PhasesAsync(PlanningDbContext db, string initiativeId,
        CancellationToken cancellationToken)
    {
        var rows = await (
            from d in db.PhaseDependencies.AsNoTracking()
            join p in db.Phases on d.PhaseId equals p.Id
            where p.InitiativeId == initiativeId
            select new { d.PhaseId, d.DependsOnPhaseId }).ToListAsync(cancellationToken);
        return rows.ConvertAll(r => (r.PhaseId, r.DependsOnPhaseId));
    }

    public static async Task<List<(string From, string To)>> TasksAsync(PlanningDbContext db, string initiativeId,
        CancellationToken cancellationToken)
    {
        var rows = await (
            from d in db.TaskDependencies.AsNoTracking()
            join t in db.Tasks on d.TaskId equals t.Id
            where t.InitiativeId == initiativeId
            select new { d.TaskId, d.DependsOnTaskId }).ToListAsync(cancellationToken);
        return rows.ConvertAll(r => (r.TaskId, r.DependsOnTaskId));
    }
}
