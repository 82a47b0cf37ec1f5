using System.Text.Json;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Apis;

public static class ProposalsApi
{
    /// <summary>
    /// Metadata is a JSON object (or a string holding one): fileId, dependencies, phaseId, parentPageId, parentTaskId,
    /// category, priority, order, action.
    /// </summary>
    public sealed record CreateProposalRequest(
        string? InitiativeId, string? AgentId, string? TargetType, string? TargetId, string? Title, string? Summary,
        string? Content, JsonElement? Metadata, int? SortOrder);

    public sealed record AcceptAllRequest(string? AgentId, string? InitiativeId);

    public sealed record AcceptedResponse(IReadOnlyList<ProposalResponse> Proposals, string ChangeSetId);

    public static IEndpointRouteBuilder MapProposalsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapPlanningGroup("/api/proposals", "Proposals");
        api.MapPost("/", CreateAsync).WithName("CreateProposal")
            .WithSummary("An agent proposes to create (targetId null), update or delete (metadata.action = delete) " +
                "a page, phase or task.");
        api.MapGet("/", ListAsync).WithName("ListProposals")
            .WithSummary("List proposals by sortOrder; filter by initiativeId, agentId, status, targetType; page " +
                "with skip/take.");
        api.MapGet("/{id}", GetAsync).WithName("GetProposal").WithSummary("Get one proposal.");
        api.MapPost("/{id}/accept", AcceptAsync).WithName("AcceptProposal")
            .WithSummary("Apply one pending proposal, recorded as a change set. A dependency on another " +
                "still-pending proposal is a 409.");
        api.MapPost("/{id}/dismiss", DismissAsync).WithName("DismissProposal")
            .WithSummary("Dismiss one pending proposal.");
        api.MapPost("/accept-all", AcceptAllAsync).WithName("AcceptAllProposals")
            .WithSummary("Apply every pending proposal of an agent (optionally of one initiative) as one change set " +
                "per initiative; dependencies between them are resolved in a second pass.");
        return routes;
    }

    private static async Task<Created<ProposalResponse>> CreateAsync(CreateProposalRequest request,
        PlanningDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var initiativeId = Guard.Id("initiativeId", request.InitiativeId);
        if (request.TargetType is null) throw new ValidationException("targetType",
            "TargetType is required: page, phase or task.");
        var targetType = EnumText.Parse<ProposalTargetType>("targetType", request.TargetType);
        var metadata = request.Metadata switch
        {
            null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
            { ValueKind: JsonValueKind.String } s => s.GetString(),
            { } other => other.GetRawText(),
        };
        var initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == initiativeId, cancellationToken)
            ?? throw new NotFoundException("Initiative", initiativeId);
        var proposal = Proposal.Create(initiative, request.AgentId, targetType, request.TargetId, request.Title,
            request.Summary, request.Content, metadata, request.SortOrder, clock.GetUtcNow());
        db.Proposals.Add(proposal);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/proposals/{proposal.Id}", ProposalResponse.From(proposal));
    }

    private static async Task<Ok<Paged<ProposalResponse>>> ListAsync(
        string? initiativeId, string? agentId, string? status, string? targetType, int? skip, int? take,
            PlanningDbContext db, CancellationToken cancellationToken)
    {
        var (from, count) = ApiSupport.Paging(skip, take);
        var query = db.Proposals.AsNoTracking();
        if (initiativeId is not null) query = query.Where(p => p.InitiativeId == initiativeId);
        if (agentId is not null) query = query.Where(p => p.AgentId == agentId);
        if (status is not null)
        {
            var wanted = EnumText.Parse<ProposalStatus>("status", status);
            query = query.Where(p => p.Status == wanted);
        }
        if (targetType is not null)
        {
            var wanted = EnumText.Parse<ProposalTargetType>("targetType", targetType);
            query = query.Where(p => p.TargetType == wanted);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(p => p.SortOrder).ThenBy(p => p.CreatedAt).ThenBy(p => p.Id).Skip(from)
            .Take(count).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<ProposalResponse>([.. items.Select(ProposalResponse.From)], total, from,
            count));
    }

    private static async Task<Ok<ProposalResponse>> GetAsync(string id, PlanningDbContext db,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(ProposalResponse.From(await db.Proposals.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException("Proposal", id)));

    private static async Task<Ok<AcceptedResponse>> AcceptAsync(
        string id, PlanningDbContext db, ProposalApplier applier, PlanWriteGate gate,
            CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var proposal = await db.Proposals.FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException("Proposal", id);
        if (proposal.Status != ProposalStatus.Pending)
            throw new ConflictException($"Cannot accept proposal '{proposal.Title}': it is already " +
                $"{proposal.Status.ToText()}.", "Impossible transition");
        var changeSet = await applier.AcceptAsync([proposal], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new AcceptedResponse([ProposalResponse.From(proposal)], changeSet.Id));
    }

    private static async Task<Ok<ProposalResponse>> DismissAsync(string id, PlanningDbContext db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var proposal = await db.Proposals.FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException("Proposal", id);
        proposal.Dismiss(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ProposalResponse.From(proposal));
    }

    private static async Task<Ok<AcceptedResponse[]>> AcceptAllAsync(
        AcceptAllRequest request, PlanningDbContext db, ProposalApplier applier, PlanWriteGate gate,
            CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var agentId = Guard.Id("agentId", request.AgentId);
        var query = db.Proposals.Where(p => p.AgentId == agentId && p.Status == ProposalStatus.Pending);
        if (request.InitiativeId is not null) query = query.Where(p => p.InitiativeId == request.InitiativeId);
        var pending = await query.ToListAsync(cancellationToken);
        var results = new List<AcceptedResponse>();
        foreach (var batch in pending.GroupBy(p => p.InitiativeId))
        {
            var changeSet = await applier.AcceptAsync([.. batch], cancellationToken);
            results.Add(new AcceptedResponse([.. batch.OrderBy(p => p.SortOrder).Select(ProposalResponse.From)],
                changeSet.Id));
        }
        if (results.Count > 0) await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(results.ToArray());
    }
}
