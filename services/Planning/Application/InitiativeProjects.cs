using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Application;

public static class InitiativeProjects
{
    /// <summary>
    /// The projects linked to <paramref name="initiative"/> (loaded with its Projects), by name; with
    /// <paramref name="only"/> just that one, a 404 when it is not linked.
    /// </summary>
    public static async Task<IReadOnlyList<Project>> ProjectsOfAsync(
        this PlanningDbContext db, Initiative initiative, CancellationToken cancellationToken, string? only = null)
    {
        var ids = initiative.Projects.Select(p => p.ProjectId).Where(p => only is null || p == only).ToList();
        if (only is not null && ids.Count == 0) throw new NotFoundException("Project of this initiative", only);
        return await db.Projects.Where(p => ids.Contains(p.Id)).OrderBy(p => p.Name).ToListAsync(cancellationToken);
    }
}
