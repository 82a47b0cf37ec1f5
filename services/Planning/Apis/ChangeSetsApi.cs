using Codewalkers.Planning.Application;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Apis;

public static class ChangeSetsApi
{
    public static IEndpointRouteBuilder MapChangeSetsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapPlanningGroup("/api/change-sets", "Change sets");
        api.MapGet("/", ListAsync).WithName("ListChangeSets")
            .WithSummary("Change sets of an initiative (initiativeId required), newest first, without entries; page " +
                "with skip/take.");
        api.MapGet("/{id}", GetAsync).WithName("GetChangeSet")
            .WithSummary("One change set with the before/after of every entity and dependency it touched.");
        api.MapPost("/{id}/revert", RevertAsync).WithName("RevertChangeSet")
            .WithSummary("Restore the state before the change set, deleted entities and dependencies included; 409 " +
                "when a later change would be overwritten.");
        return routes;
    }

    private static async Task<Ok<Paged<ChangeSetResponse>>> ListAsync(string? initiativeId, int? skip, int? take,
        PlanningDbContext db, CancellationToken cancellationToken)
    {
        var id = Guard.Id("initiativeId", initiativeId);
        var (from, count) = ApiSupport.Paging(skip, take);
        var query = db.ChangeSets.AsNoTracking().Where(c => c.InitiativeId == id);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id).Skip(from).Take(count)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<ChangeSetResponse>([.. items.Select(c
            => ChangeSetResponse.From(c, withEntries: false))], total, from, count));
    }

    private static async Task<Ok<ChangeSetResponse>> GetAsync(string id, PlanningDbContext db,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(ChangeSetResponse.From(await db.ChangeSets.AsNoTracking().Include(c => c.Entries)
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("Change set", id)));

    private static async Task<Ok<ChangeSetResponse>> RevertAsync(
        string id, PlanningDbContext db, ChangeSetReverter reverter, PlanWriteGate gate,
            CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var changeSet = await reverter.RevertAsync(id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ChangeSetResponse.From(changeSet));
    }
}
