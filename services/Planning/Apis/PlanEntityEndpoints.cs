using Codewalkers.Planning.Application;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Apis;

/// <summary>"Depend on these" / "no longer on that": the same request for phases and tasks.</summary>
public sealed record DependenciesRequest(IReadOnlyList<string?>? DependsOn);

/// <summary>What the shared endpoints of <see cref="PlanEntityEndpoints"/> need to know about phases or tasks.</summary>
/// <param name="Kind">"Phase" or "Task": in route names, summaries and problems.</param>
/// <param name="LoadAsync">The tracked entity with its dependencies, or a 404.</param>
/// <param name="EdgesAsync">Every dependency edge of one initiative, for the cycle check.</param>
/// <param name="InitiativeOf">The initiative whose graph a new dependency must keep acyclic.</param>
/// <param name="DependOn">Adds one dependency, refusing a cycle or another initiative; false when it was already there.</param>
/// <param name="RemoveDependency">Removes one dependency, or a 404 when there is none.</param>
/// <param name="Respond">The response body.</param>
internal sealed record PlanEntityKind<T, TResponse>(
    string Kind,
    Func<PlanningDbContext, string, CancellationToken, Task<T>> LoadAsync,
    Func<PlanningDbContext, string, CancellationToken, Task<List<(string From, string To)>>> EdgesAsync,
    Func<T, string> InitiativeOf,
    Func<T, T, DependencyGraph, DateTimeOffset, bool> DependOn,
    Action<T, string, DateTimeOffset> RemoveDependency,
    Func<T, TResponse> Respond)
    where T : VersionedEntity;

/// <summary>
/// The get, delete, dependency and state-transition endpoints phases and tasks share, written once: the rules differ only in
/// the entity methods a <see cref="PlanEntityKind{T, TResponse}"/> names.
/// </summary>
internal static class PlanEntityEndpoints
{
    public static void MapDependencies<T, TResponse>(this RouteGroupBuilder api, PlanEntityKind<T, TResponse> kind) where T : VersionedEntity
    {
        var lower = kind.Kind.ToLowerInvariant();
        api.MapPost("/{id}/dependencies", async (string id, DependenciesRequest request, PlanningDbContext db, TimeProvider clock, PlanWriteGate gate, CancellationToken cancellationToken) =>
                TypedResults.Ok(kind.Respond(await AddDependenciesAsync(kind, id, request, db, clock, gate, cancellationToken))))
            .WithName($"Add{kind.Kind}Dependencies")
            .WithSummary($"Make the {lower} depend on others of the same initiative: 404 for an unknown {lower}, 400 across initiatives, 409 with the cycle it would close.");
        api.MapDelete("/{id}/dependencies/{dependsOnId}", async (string id, string dependsOnId, PlanningDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var entity = await kind.LoadAsync(db, id, cancellationToken);
                kind.RemoveDependency(entity, dependsOnId, clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                return TypedResults.Ok(kind.Respond(entity));
            })
            .WithName($"Remove{kind.Kind}Dependency").WithSummary("Remove one dependency.");
    }

    /// <summary>GET /{id}: one entity with its dependencies.</summary>
    public static void MapGetOne<T, TResponse>(this RouteGroupBuilder api, PlanEntityKind<T, TResponse> kind, string name, string summary) where T : VersionedEntity =>
        api.MapGet("/{id}", async (string id, PlanningDbContext db, CancellationToken cancellationToken) =>
            TypedResults.Ok(kind.Respond(await kind.LoadAsync(db, id, cancellationToken)))).WithName(name).WithSummary(summary);

    /// <summary>DELETE /{id}: the delete cascades through the whole initiative's graph, so every removal publishes its event.</summary>
    public static void MapDeleteOne<T, TResponse>(
        this RouteGroupBuilder api, PlanEntityKind<T, TResponse> kind, string name, string summary, Action<InitiativeGraph, string> delete) where T : VersionedEntity =>
        api.MapDelete("/{id}", async (string id, PlanningDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var initiativeId = await db.Set<T>().Where(e => e.Id == id).Select(e => EF.Property<string>(e, "InitiativeId")).FirstOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException(kind.Kind, id);
            delete(await InitiativeGraph.LoadAsync(db, initiativeId, clock.GetUtcNow(), cancellationToken), id);
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.NoContent();
        }).WithName(name).WithSummary(summary);

    /// <summary>POST /{id}/{path}: one explicit state transition; the entity refuses an impossible one with a 409.</summary>
    public static void MapTransition<T, TResponse, TBody>(
        this RouteGroupBuilder api, PlanEntityKind<T, TResponse> kind, string path, string name, string summary, Action<T, TBody?, DateTimeOffset> transition)
        where T : VersionedEntity where TBody : class =>
        api.MapPost($"/{{id}}/{path}", async (string id, TBody? body, PlanningDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var entity = await kind.LoadAsync(db, id, cancellationToken);
            transition(entity, body, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.Ok(kind.Respond(entity));
        }).WithName(name).WithSummary(summary);

    /// <summary>The entities <paramref name="ids"/> name, in that order; a 404 naming the first that does not exist.</summary>
    public static async Task<List<T>> ExistingAsync<T>(PlanningDbContext db, string kind, IReadOnlyList<string> ids, CancellationToken cancellationToken)
        where T : VersionedEntity
    {
        if (ids.Count == 0) return [];
        var found = await db.Set<T>().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, cancellationToken);
        return ids.FirstOrDefault(d => !found.ContainsKey(d)) is { } missing ? throw new NotFoundException(kind, missing) : [.. ids.Select(d => found[d])];
    }

    private static async Task<T> AddDependenciesAsync<T, TResponse>(
        PlanEntityKind<T, TResponse> kind, string id, DependenciesRequest request, PlanningDbContext db, TimeProvider clock, PlanWriteGate gate,
        CancellationToken cancellationToken) where T : VersionedEntity
    {
        // Checked and written under the gate: two concurrent additions could otherwise each see no cycle and close one together.
        using var _ = await gate.EnterAsync(cancellationToken);
        var dependsOn = ApiSupport.IdList("dependsOn", request.DependsOn);
        if (dependsOn.Count == 0) throw new ValidationException("dependsOn", $"DependsOn must name at least one {kind.Kind.ToLowerInvariant()}.");
        var entity = await kind.LoadAsync(db, id, cancellationToken);
        var targets = (await ExistingAsync<T>(db, kind.Kind, dependsOn, cancellationToken)).ToDictionary(t => t.Id);
        var graph = new DependencyGraph(await kind.EdgesAsync(db, kind.InitiativeOf(entity), cancellationToken));
        var now = clock.GetUtcNow();
        var changed = false;
        foreach (var target in dependsOn) changed |= kind.DependOn(entity, targets[target], graph, now);
        if (!changed) return entity;
        await db.SaveChangesAsync(cancellationToken);
        return entity;
    }
}
