using Codewalkers.Planning.Application;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Execution;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TaskStatus = Codewalkers.Planning.Domain.TaskStatus;

namespace Codewalkers.Planning.Apis;

/// <summary>Which of an initiative's tasks may conflict: pairs whose declared or observed paths overlap.</summary>
public static class OverlapsApi
{
    public sealed record OverlapTask(string Id, string Name, string? PhaseId, string Status);

    /// <summary>
    /// <c>First</c> is the older task (it goes first); <c>Source</c> is <c>declared</c> or <c>observed</c>;
    /// <c>Handling</c>: <c>waits</c>, <c>ordered</c>, <c>allowed</c> or <c>other_phase</c>.
    /// </summary>
    public sealed record OverlapResponse(OverlapTask First, OverlapTask Second, IReadOnlyList<string> Paths,
        string Source, string Handling);

    /// <summary>The files a finished, not yet merged task's branch changed against its phase branch.</summary>
    public sealed record ObservedFiles(string TaskId, IReadOnlyList<string> Files);

    public sealed record OverlapsResponse(string InitiativeId, IReadOnlyList<OverlapResponse> Overlaps,
        IReadOnlyList<ObservedFiles> Observed);

    public static IEndpointRouteBuilder MapOverlapsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPlanningGroup("/api/initiatives", "Initiatives")
            .MapGet("/{id}/overlaps", GetAsync).WithName("GetInitiativeOverlaps")
            .WithSummary("Pairs of unmerged execution tasks whose paths overlap: declared files against declared " +
                "files, and the files a finished task's branch really changed (observed) until it is merged.");
        return routes;
    }

    private static async Task<Ok<OverlapsResponse>> GetAsync(string id, PlanningDbContext db,
        WorkspaceClient workspace, CancellationToken cancellationToken)
    {
        var initiative = await InitiativesApi.LoadAsync(db, id, cancellationToken);
        var tasks = await db.Tasks.AsNoTracking().Include(t => t.Dependencies).Where(t => t.InitiativeId == id)
            .ToListAsync(cancellationToken);
        var merges = await db.Merges.AsNoTracking().Where(m => m.InitiativeId == id).ToListAsync(cancellationToken);
        var unmerged = TaskHolders.Unmerged(tasks, merges);
        var observed = await ObserveAsync(db, workspace, initiative,
            [.. tasks.Where(t => t.Status == TaskStatus.Completed && unmerged.Contains(t.Id))], cancellationToken);
        var overlaps = PredictedOverlaps.Of(tasks, unmerged, observed).Select(o => new OverlapResponse(
            Describe(o.First), Describe(o.Second), o.Paths, o.Observed ? "observed" : "declared", o.Handling.ToText()));
        return TypedResults.Ok(new OverlapsResponse(id, [.. overlaps],
            [.. observed.Select(o => new ObservedFiles(o.Key, o.Value))]));
    }

    private static OverlapTask Describe(PlanTask t) => new(t.Id, t.Name, t.PhaseId, t.Status.ToText());

    /// <summary>
    /// Asks the Agents service what each finished task's branch changed since it left its phase branch, in every
    /// project. A task it cannot answer for (unreachable, branch gone) is left out: its declared files still count.
    /// </summary>
    private static async Task<Dictionary<string, IReadOnlyList<string>>> ObserveAsync(PlanningDbContext db,
        WorkspaceClient workspace, Initiative initiative, IReadOnlyList<PlanTask> finished,
        CancellationToken cancellationToken)
    {
        var observed = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (finished.Count == 0) return observed;
        var projects = await db.ProjectsOfAsync(initiative, cancellationToken);
        var phaseIds = finished.Select(t => t.PhaseId).OfType<string>().Distinct().ToList();
        var branches = await db.Phases.AsNoTracking().Where(p => phaseIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Branch, cancellationToken);
        foreach (var task in finished)
        {
            if (task.PhaseId is null || branches.GetValueOrDefault(task.PhaseId) is not { } phaseBranch) continue;
            var files = new List<string>();
            try
            {
                foreach (var project in projects)
                {
                    var diff = await workspace.DiffAsync(project.Id, phaseBranch, Branches.ForTask(initiative, task),
                        cancellationToken);
                    files.AddRange(diff.GetProperty("files").EnumerateArray()
                        .Select(f => f.GetProperty("path").GetString()!));
                }
            }
            catch (Exception ex) when (ex is ConflictException or HttpRequestException
                || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                continue;
            }
            observed[task.Id] = [.. files.Distinct(StringComparer.Ordinal)];
        }
        return observed;
    }
}
