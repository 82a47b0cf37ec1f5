using Codewalkers.Planning.Application;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Apis;

/// <summary>"Depend on these" / "no longer on that": the same request for phases and tasks.</summary>
public sealed record DependenciesRequest(IReadOnlyList<string?>? DependsOn);

/// <summary>
/// The get, delete, dependency and state-transition endpoints phases and tasks share, written once against
/// <see cref="IDependent{T}"/>; <paramref name="respond"/> makes the response body.
/// </summary>
internal sealed class DependentEndpoints<T, TResponse>(RouteGroupBuilder api, Func<T, TResponse> respond)
    where T : VersionedEntity, IDependent<T>
{
    /// <summary>GET /{id}: one entity with its dependencies.</summary>
    public void MapGetOne(string name, string summary) =>
        api.MapGet("/{id}", async (string id, PlanningDbContext db, CancellationToken cancellationToken) =>
                TypedResults.Ok(respond(await Dependents.LoadAsync<T>(db, id, cancellationToken))))
            .WithName(name).WithSummary(summary);

    /// <summary>
    /// DELETE /{id}: the delete cascades through the whole initiative's graph, so every removal is announced.
    /// </summary>
    public void MapDeleteOne(string name, string summary, Action<InitiativeGraph, string> delete) =>
        api.MapDelete("/{id}",
            async (string id, PlanningDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var initiativeId = await db.Set<T>().Where(e => e.Id == id)
                    .Select(e => EF.Property<string>(e, nameof(IDependent<T>.InitiativeId)))
                    .FirstOrDefaultAsync(cancellationToken) ?? throw new NotFoundException(T.Kind, id);
                delete(await InitiativeGraph.LoadAsync(db, initiativeId, clock.GetUtcNow(), cancellationToken), id);
                await db.SaveChangesAsync(cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName(name).WithSummary(summary);

    /// <summary>
    /// POST /{id}/{path}: one explicit state transition; the entity refuses an impossible one with a 409.
    /// </summary>
    public void MapTransition<TBody>(
        string path, string name, string summary, Action<T, TBody?, DateTimeOffset> transition)
        where TBody : class =>
        api.MapPost($"/{{id}}/{path}", async (
                string id, TBody? body, PlanningDbContext db, TimeProvider clock,
                    CancellationToken cancellationToken) =>
            {
                var entity = await Dependents.LoadAsync<T>(db, id, cancellationToken);
                transition(entity, body, clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                return TypedResults.Ok(respond(entity));
            })
            .WithName(name).WithSummary(summary);

    public void MapDependencies()
    {
        var lower = T.Kind.ToLowerInvariant();
        api.MapPost("/{id}/dependencies", async (
                string id, DependenciesRequest request, PlanningDbContext db, TimeProvider clock, PlanWriteGate gate,
                CancellationToken cancellationToken) =>
                TypedResults.Ok(respond(await AddDependenciesAsync(id, request, db, clock, gate, cancellationToken))))
            .WithName($"Add{T.Kind}Dependencies")
            .WithSummary($"Make the {lower} depend on others of the same initiative: 404 for an unknown {lower}, " +
                "400 across initiatives, 409 with the cycle it would close.");
        api.MapDelete("/{id}/dependencies/{dependsOnId}", async (
                string id, string dependsOnId, PlanningDbContext db, TimeProvider clock,
                    CancellationToken cancellationToken) =>
            {
                var entity = await Dependents.LoadAsync<T>(db, id, cancellationToken);
                entity.RemoveDependency(dependsOnId, clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                return TypedResults.Ok(respond(entity));
            })
            .WithName($"Remove{T.Kind}Dependency").WithSummary("Remove one dependency.");
    }

    private static async Task<T> AddDependenciesAsync(
        string id, DependenciesRequest request, PlanningDbContext db, TimeProvider clock, PlanWriteGate gate,
        CancellationToken cancellationToken)
    {
        // Checked and written under the gate: two concurrent additions could otherwise each see no cycle and close
        // one together.
        using var _ = await gate.EnterAsync(cancellationToken);
        var dependsOn = ApiSupport.IdList("dependsOn", request.DependsOn);
        if (dependsOn.Count == 0)
            throw new ValidationException("dependsOn",
                $"DependsOn must name at least one {T.Kind.ToLowerInvariant()}.");
        var entity = await Dependents.LoadAsync<T>(db, id, cancellationToken);
        var targets = (await Dependents.ExistingAsync<T>(db, dependsOn, cancellationToken)).ToDictionary(t => t.Id);
        var graph = new DependencyGraph(await Dependents.EdgesAsync<T>(db, entity.InitiativeId, cancellationToken));
        var now = clock.GetUtcNow();
        var changed = false;
        foreach (var target in dependsOn) changed |= entity.DependOn(targets[target], graph, now);
        if (changed) await db.SaveChangesAsync(cancellationToken);
        return entity;
    }
}

/// <summary>Typed reads of phases and tasks as dependents.</summary>
internal static class Dependents
{
    /// <summary>The tracked entity with its dependencies, or a 404.</summary>
    public static async Task<T> LoadAsync<T>(PlanningDbContext db, string id, CancellationToken cancellationToken)
        where T : VersionedEntity, IDependent<T> =>
        await db.Set<T>().Include(nameof(Phase.Dependencies)).FirstOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new NotFoundException(T.Kind, id);

    /// <summary>
    /// The entities <paramref name="ids"/> name, in that order; a 404 naming the first that does not exist.
    /// </summary>
    public static async Task<List<T>> ExistingAsync<T>(
        PlanningDbContext db, IReadOnlyList<string> ids, CancellationToken cancellationToken)
        where T : VersionedEntity, IDependent<T>
    {
        if (ids.Count == 0) return [];
        var found = await db.Set<T>().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        return ids.FirstOrDefault(d => !found.ContainsKey(d)) is { } missing
            ? throw new NotFoundException(T.Kind, missing)
            : [.. ids.Select(d => found[d])];
    }

    /// <summary>
    /// Every dependency edge between entities of <typeparamref name="T"/> in one initiative, for the cycle check.
    /// </summary>
    public static Task<List<(string From, string To)>> EdgesAsync<T>(
        PlanningDbContext db, string initiativeId, CancellationToken cancellationToken)
        where T : VersionedEntity, IDependent<T> =>
        typeof(T) == typeof(Phase)
            ? PlanEdges.PhasesAsync(db, initiativeId, cancellationToken)
            : PlanEdges.TasksAsync(db, initiativeId, cancellationToken);
}
