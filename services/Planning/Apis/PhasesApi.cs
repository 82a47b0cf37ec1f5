using System.Text.Json;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Apis;

public static class PhasesApi
{
    public sealed record CreatePhaseRequest(string? InitiativeId, string? Name, JsonElement? Content,
        IReadOnlyList<string?>? DependsOn);

    public sealed record UpdatePhaseRequest(string? Name, JsonElement? Content, string? MergeBase);

    public sealed record ReasonRequest(string? Reason);

    public static IEndpointRouteBuilder MapPhasesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapPlanningGroup("/api/phases", "Phases");
        var shared = new DependentEndpoints<Phase, PhaseResponse>(api, PhaseResponse.From);
        api.MapPost("/", CreateAsync).WithName("CreatePhase")
            .WithSummary("Create a pending phase in an initiative, optionally depending on other phases of the same " +
                "initiative.");
        api.MapGet("/", ListAsync).WithName("ListPhases")
            .WithSummary("List phases, oldest first; filter by initiativeId and status, page with skip/take.");
        shared.MapGetOne("GetPhase", "Get one phase with its content and dependencies.");
        api.MapPatch("/{id}", UpdateAsync).WithName("UpdatePhase")
            .WithSummary("Change name, content (Tiptap JSON) or mergeBase (a commit hash).");
        shared.MapDeleteOne("DeletePhase",
            "Delete the phase with its tasks; phases depending on it lose that dependency. " +
            "Events are published for each.",
            (graph, id) => graph.DeletePhase(graph.Phases[id]));
        shared.MapDependencies();
        Transition("approve", "ApprovePhase", "pending -> approved: the phase may be dispatched.",
            (p, _, now) => p.Approve(now));
        api.MapPost("/{id}/start", StartAsync).WithName("StartPhase")
            .WithSummary("approved -> in_progress, with the phase's branch fixed as dispatch would (so its tasks can " +
                "be dispatched).");
        Transition("submit-for-review", "SubmitPhaseForReview", "in_progress -> pending_review.",
            (p, _, now) => p.SubmitForReview(now));
        Transition("complete", "CompletePhase", "in_progress or pending_review -> completed.",
            (p, _, now) => p.Complete(now));
        Transition("request-changes", "RequestPhaseChanges", "pending_review -> in_progress.",
            (p, _, now) => p.RequestChanges(now));
        Transition("block", "BlockPhase", "Block a phase that is not completed, with a reason ({\"reason\": \"...\"}).",
            (p, body, now) => p.Block(body?.Reason, now));
        Transition("unblock", "UnblockPhase", "blocked -> approved.", (p, _, now) => p.Unblock(now));
        return routes;

        void Transition(
            string path, string name, string summary, Action<Phase, ReasonRequest?, DateTimeOffset> transition) =>
            shared.MapTransition(path, name, summary, transition);
    }

    private static async Task<Created<PhaseResponse>> CreateAsync(
        CreatePhaseRequest request, PlanningDbContext db, TimeProvider clock, PlanWriteGate gate,
            CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var initiativeId = Guard.Id("initiativeId", request.InitiativeId);
        var content = ApiSupport.ContentText("content", request.Content);
        var dependsOn = ApiSupport.IdList("dependsOn", request.DependsOn);
        var initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == initiativeId, cancellationToken)
            ?? throw new NotFoundException("Initiative", initiativeId);
        var phase = Phase.Create(initiative, request.Name, content, now,
            await Dependents.ExistingAsync<Phase>(db, dependsOn, cancellationToken));
        db.Phases.Add(phase);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/phases/{phase.Id}", PhaseResponse.From(phase));
    }

    private static async Task<Ok<Paged<PhaseResponse>>> ListAsync(
        string? initiativeId, string? status, int? skip, int? take, PlanningDbContext db,
            CancellationToken cancellationToken)
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
        var phases = await query.Include(p => p.Dependencies).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Skip(from)
            .Take(count).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<PhaseResponse>([.. phases.Select(PhaseResponse.From)], total, from, count));
    }

    private static async Task<Ok<PhaseResponse>> UpdateAsync(string id, UpdatePhaseRequest request,
        PlanningDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var phase = await Dependents.LoadAsync<Phase>(db, id, cancellationToken);
        phase.Edit(request.Name, ApiSupport.ContentText("content", request.Content), request.MergeBase,
            clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(PhaseResponse.From(phase));
    }

    /// <summary>
    /// A phase started by hand is started as dispatch starts one: its branch is fixed now. Without one, dispatch could
    /// never
    /// start its tasks (they branch from it) and a review could never merge it.
    /// </summary>
    private static async Task<Ok<PhaseResponse>> StartAsync(
        string id, PlanningDbContext db, TimeProvider clock, PlanWriteGate gate, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var phase = await Dependents.LoadAsync<Phase>(db, id, cancellationToken);
        var initiative = await db.Initiatives.FirstAsync(i => i.Id == phase.InitiativeId, cancellationToken);
        var taken = await db.Phases.Where(p => p.InitiativeId == phase.InitiativeId && p.Id != id)
            .Select(p => p.Branch).ToListAsync(cancellationToken);
        phase.Start(clock.GetUtcNow());
        phase.EnsureBranch(initiative, taken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(PhaseResponse.From(phase));
    }
}
