using Codewalkers.Planning.Application;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.ServiceDefaults.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Planning.Apis;

/// <summary>Read-only views over a whole initiative, built from narrow projections so a 2,000-task plan stays fast.</summary>
public static class TreeApi
{
    public sealed record TreePhase(string Id, string Name, string Status, DateTimeOffset CreatedAt, long Version);

    public sealed record TreeTask(
        string Id, string? PhaseId, string? ParentTaskId, string Name, string Category, string Priority, string Status,
        int Order, int RetryCount, long Version);

    /// <summary><c>From</c> depends on <c>To</c>.</summary>
    public sealed record TreeDependency(string From, string To);

    public sealed record TreeResponse(
        string InitiativeId, string Name, string Status, IReadOnlyList<TreePhase> Phases, IReadOnlyList<TreeTask> Tasks,
        IReadOnlyList<TreeDependency> PhaseDependencies, IReadOnlyList<TreeDependency> TaskDependencies);

    public sealed record ReadyTasksResponse(string InitiativeId, IReadOnlyList<string> TaskIds);

    /// <summary>Answers from the <see cref="TreeCache"/> when nothing changed since the last read of this initiative.</summary>
    internal static async Task<IResult> GetTreeAsync(
        string id, PlanningDbContext db, TreeCache cache, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (cache.TryGet(id, out var cached)) return TypedResults.Bytes(cached, "application/json");
        var generation = cache.Generation;
        var tree = await ReadTreeAsync(id, db, cancellationToken);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(tree, json.Value.SerializerOptions);
        cache.Store(id, generation, bytes);
        return TypedResults.Bytes(bytes, "application/json");
    }

    internal static async Task<TreeResponse> ReadTreeAsync(string id, PlanningDbContext db, CancellationToken cancellationToken)
    {
        var initiative = await db.Initiatives.AsNoTracking().Where(i => i.Id == id)
            .Select(i => new { i.Name, i.Status }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Initiative", id);

        var phases = await db.Phases.AsNoTracking().Where(p => p.InitiativeId == id)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.Name, p.Status, p.CreatedAt, p.Version }).ToListAsync(cancellationToken);
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.InitiativeId == id)
            .OrderBy(t => t.PhaseId).ThenBy(t => t.Order).ThenBy(t => t.CreatedAt)
            .Select(t => new { t.Id, t.PhaseId, t.ParentTaskId, t.Name, t.Category, t.Priority, t.Status, t.Order, t.RetryCount, t.Version })
            .ToListAsync(cancellationToken);
        var phaseDependencies = await (
            from d in db.PhaseDependencies.AsNoTracking()
            join p in db.Phases on d.PhaseId equals p.Id
            where p.InitiativeId == id
            select new TreeDependency(d.PhaseId, d.DependsOnPhaseId)).ToListAsync(cancellationToken);
        var taskDependencies = await PlanEdges.TasksAsync(db, id, cancellationToken);

        return new TreeResponse(
            id, initiative.Name, initiative.Status.ToText(),
            [.. phases.Select(p => new TreePhase(p.Id, p.Name, p.Status.ToText(), p.CreatedAt, p.Version))],
            [.. tasks.Select(t => new TreeTask(t.Id, t.PhaseId, t.ParentTaskId, t.Name, t.Category.ToText(), t.Priority.ToText(), t.Status.ToText(), t.Order, t.RetryCount, t.Version))],
            phaseDependencies,
            [.. taskDependencies.Select(e => new TreeDependency(e.From, e.To))]);
    }

    internal static async Task<Ok<ReadyTasksResponse>> GetReadyTasksAsync(string id, PlanningDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Initiatives.AnyAsync(i => i.Id == id, cancellationToken)) throw new NotFoundException("Initiative", id);
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.InitiativeId == id)
            .Select(t => new ReadyTasks.Node(t.Id, t.Status, t.Category, t.Priority, t.CreatedAt)).ToListAsync(cancellationToken);
        var edges = await PlanEdges.TasksAsync(db, id, cancellationToken);
        return TypedResults.Ok(new ReadyTasksResponse(id, ReadyTasks.Compute(tasks, edges)));
    }
}
