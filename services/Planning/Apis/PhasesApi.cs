using System.Text.Json;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.ServiceDefaults.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Apis;

public static class PhasesApi
{
    public sealed record CreatePhaseRequest(string? InitiativeId, string? Name, JsonElement? Content, IReadOnlyList<string?>? DependsOn);

    public sealed record UpdatePhaseRequest(string? Name, JsonElement? Content, string? MergeBase);

    public sealed record DependenciesRequest(IReadOnlyList<string?>? DependsOn);

    public sealed record ReasonRequest(string? Reason);

    public static IEndpointRouteBuilder MapPhasesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/phases").WithTags("Phases")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/", CreateAsync).WithName("CreatePhase")
            .WithSummary("Create a pending phase in an initiative, optionally depending on other phases of the same initiative.");
        api.MapGet("/", ListAsync).WithName("ListPhases").WithSummary("List phases, oldest first; filter by initiativeId and status, page with skip/take.");
        api.MapGet("/{id}", GetAsync).WithName("GetPhase").WithSummary("Get one phase with its content and dependencies.");
        api.MapPatch("/{id}", UpdateAsync).WithName("UpdatePhase").WithSummary("Change name, content (Tiptap JSON) or mergeBase (a commit hash).");
        api.MapDelete("/{id}", DeleteAsync).WithName("DeletePhase")
            .WithSummary("Delete the phase with its tasks; phases depending on it lose that dependency. Events are published for each.");
        api.MapPost("/{id}/dependencies", AddDependenciesAsync).WithName("AddPhaseDependencies")
            .WithSummary("Make the phase depend on others of the same initiative: 404 for an unknown phase, 400 across initiatives, 409 with the cycle it would close.");
        api.MapDelete("/{id}/dependencies/{dependsOnId}", RemoveDependencyAsync).WithName("RemovePhaseDependency").WithSummary("Remove one dependency.");
        Action(api, "approve", "ApprovePhase", "pending -> approved: the phase may be dispatched.", (p, _, now) => p.Approve(now));
        Action(api, "start", "StartPhase", "approved -> in_progress.", (p, _, now) => p.Start(now));
        Action(api, "submit-for-review", "SubmitPhaseForReview", "in_progress -> pending_review.", (p, _, now) => p.SubmitForReview(now));
        Action(api, "complete", "CompletePhase", "in_progress or pending_review -> completed.", (p, _, now) => p.Complete(now));
        Action(api, "request-changes", "RequestPhaseChanges", "pending_review -> in_progress.", (p, _, now) => p.RequestChanges(now));
        Action(api, "block", "BlockPhase", "Block a phase that is not completed, with a reason ({\"reason\": \"...\"}).", (p, body, now) => p.Block(body?.Reason, now));
        Action(api, "unblock", "UnblockPhase", "blocked -> approved.", (p, _, now) => p.Unblock(now));
        return routes;
    }

    private static void Action(RouteGroupBuilder api, string path, string name, string summary, Action<Phase, ReasonRequest?, DateTimeOffset> transition) =>
        api.MapPost($"/{{id}}/{path}", async (string id, ReasonRequest? body, PlanningDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var phase = await LoadAsync(db, id, cancellationToken);
            transition(phase, body, clock.GetUtcNow());
            db.Updated(phase);
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.Ok(PhaseResponse.From(phase));
        }).WithName(name).WithSummary(summary);

    private static async Task<Created<PhaseResponse>> CreateAsync(
        CreatePhaseRequest request, PlanningDbContext db, TimeProvider clock, PlanWriteGate gate, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var initiativeId = Guard.Id("initiativeId", request.InitiativeId);
        var content = ApiSupport.ContentText("content", request.Content);
        var dependsOn = ApiSupport.IdList("dependsOn", request.DependsOn);
        var initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == initiativeId, cancellationToken)
            ?? throw new NotFoundException("Initiative", initiativeId);
        var phase = Phase.Create(initiative, request.Name, content, now, await ExistingAsync(db, dependsOn, cancellationToken));
        db.Phases.Add(phase);
        db.Created(phase);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/phases/{phase.Id}", PhaseResponse.From(phase));
    }

    private static async Task<Ok<Paged<PhaseResponse>>> ListAsync(
        string? initiativeId, string? status, int? skip, int? take, PlanningDbContext db, CancellationToken cancellationToken)
    {
        var (from, count) = ApiSupport.Paging(skip, take);
        var query = db.Phases.AsNoTracking();
        if (initiativeId is not null) query = query.Where(p => p.InitiativeId == initiativeId);
        if (status is not null)
        {
            var wanted = EnumText.Parse<PhaseStatus>("status", status);
            query = query.Where(p => p.Status == wanted);
        }
        var total = await query.CountAsync(cancellationToken);
        var phases = await query.Include(p => p.Dependencies).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Skip(from).Take(count).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<PhaseResponse>([.. phases.Select(PhaseResponse.From)], total, from, count));
    }

    private static async Task<Ok<PhaseResponse>> GetAsync(string id, PlanningDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(PhaseResponse.From(await LoadAsync(db, id, cancellationToken)));

    private static async Task<Ok<PhaseResponse>> UpdateAsync(string id, UpdatePhaseRequest request, PlanningDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var phase = await LoadAsync(db, id, cancellationToken);
        phase.Edit(request.Name, ApiSupport.ContentText("content", request.Content), request.MergeBase, clock.GetUtcNow());
        db.Updated(phase);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(PhaseResponse.From(phase));
    }

    private static async Task<NoContent> DeleteAsync(string id, PlanningDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var initiativeId = await db.Phases.Where(p => p.Id == id).Select(p => p.InitiativeId).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Phase", id);
        var graph = await InitiativeGraph.LoadAsync(db, initiativeId, clock.GetUtcNow(), cancellationToken);
        graph.DeletePhase(graph.Phases[id]);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<PhaseResponse>> AddDependenciesAsync(
        string id, DependenciesRequest request, PlanningDbContext db, TimeProvider clock, PlanWriteGate gate, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var dependsOn = ApiSupport.IdList("dependsOn", request.DependsOn);
        if (dependsOn.Count == 0) throw new ValidationException("dependsOn", "DependsOn must name at least one phase.");
        var phase = await LoadAsync(db, id, cancellationToken);
        if (await DependOnAsync(db, phase, dependsOn, clock.GetUtcNow(), cancellationToken))
        {
            db.Updated(phase);
            await db.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.Ok(PhaseResponse.From(phase));
    }

    private static async Task<Ok<PhaseResponse>> RemoveDependencyAsync(
        string id, string dependsOnId, PlanningDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var phase = await LoadAsync(db, id, cancellationToken);
        phase.RemoveDependency(dependsOnId, clock.GetUtcNow());
        db.Updated(phase);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(PhaseResponse.From(phase));
    }

    private static async Task<List<Phase>> ExistingAsync(PlanningDbContext db, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return [];
        var found = await db.Phases.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        return ids.FirstOrDefault(d => !found.ContainsKey(d)) is { } missing ? throw new NotFoundException("Phase", missing) : [.. ids.Select(d => found[d])];
    }

    private static async Task<bool> DependOnAsync(PlanningDbContext db, Phase phase, IReadOnlyList<string> dependsOn, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (dependsOn.Count == 0) return false;
        var targets = (await ExistingAsync(db, dependsOn, cancellationToken)).ToDictionary(p => p.Id);
        var edges = await (
            from d in db.PhaseDependencies.AsNoTracking()
            join p in db.Phases on d.PhaseId equals p.Id
            where p.InitiativeId == phase.InitiativeId
            select new { d.PhaseId, d.DependsOnPhaseId }).ToListAsync(cancellationToken);
        var graph = new DependencyGraph(edges.Select(e => (e.PhaseId, e.DependsOnPhaseId)));
        var changed = false;
        foreach (var target in dependsOn) changed |= phase.DependOn(targets[target], graph, now);
        return changed;
    }

    private static async Task<Phase> LoadAsync(PlanningDbContext db, string id, CancellationToken cancellationToken) =>
        await db.Phases.Include(p => p.Dependencies).FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException("Phase", id);
}
