using Codewalkers.Contracts.Agents;
using Codewalkers.Planning.Architects;
using Codewalkers.Planning.Assignments;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

// In the Apis namespace, beside the other Map*Api extensions, so Program.cs maps it without another using.
namespace Codewalkers.Planning.Apis;

public static class ArchitectsApi
{
    /// <summary>
    /// Optional body: extra instructions for the agent, and the provider to run it with (the Agents service's default
    /// otherwise).
    /// </summary>
    public sealed record StartArchitectRequest(string? Instructions, string? Provider);

    public static IEndpointRouteBuilder MapArchitectsApi(this IEndpointRouteBuilder routes)
    {
        var initiatives = routes.MapPlanningGroup("/api/initiatives", "Architects");
        foreach (var mode in new[] { AgentModes.Discuss, AgentModes.Plan, AgentModes.Refine })
        {
            initiatives.MapPost($"/{{id}}/{mode}",
                (string id, [FromBody] StartArchitectRequest? request, [AsParameters] Dependencies services,
                CancellationToken ct) =>
                    StartAsync(services, mode, id, null, request, ct))
                .WithName($"Start{char.ToUpperInvariant(mode[0])}{mode[1..]}Architect")
                .WithSummary($"Start a {mode} architect agent for the initiative on each linked project's default " +
                    "branch; its outputs become proposals.");
        }
        initiatives.MapGet("/{id}/assignments", ListAsync).WithName("ListInitiativeAssignments")
            .WithSummary("The initiative's agent assignments (architect and task), newest first, with status and " +
                "error; page with skip/take.");

        routes.MapPlanningGroup("/api/phases", "Architects")
            .MapPost($"/{{id}}/{AgentModes.Detail}", DetailAsync).WithName("StartDetailArchitect")
            .WithSummary("Start a detail architect agent that breaks the phase into tasks, proposed for the user to " +
                "accept.");
        return routes;
    }

    public sealed record Dependencies(PlanningDbContext Db, AssignmentBuilder Builder, PlanWriteGate Gate,
        TimeProvider Clock)
    {
        public ArchitectLauncher.Services Launcher => new(Db, Builder, Gate, Clock);
    }

    private static async Task<Accepted<AssignmentResponse>> StartAsync(
        Dependencies services, string mode, string initiativeId, string? phaseId, StartArchitectRequest? request,
            CancellationToken cancellationToken)
    {
        var assignment = await ArchitectLauncher.StartAsync(services.Launcher, mode, initiativeId, phaseId,
            request?.Instructions, request?.Provider, cancellationToken);
        return TypedResults.Accepted($"/api/initiatives/{initiativeId}/assignments",
            AssignmentResponse.From(assignment));
    }

    private static async Task<Accepted<AssignmentResponse>> DetailAsync(
        string id, [FromBody] StartArchitectRequest? request, [AsParameters] Dependencies services,
            CancellationToken cancellationToken)
    {
        var initiativeId = await services.Db.Phases.AsNoTracking().Where(p => p.Id == id).Select(p => p.InitiativeId)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Phase", id);
        return await StartAsync(services, AgentModes.Detail, initiativeId, id, request, cancellationToken);
    }

    private static async Task<Ok<Paged<AssignmentResponse>>> ListAsync(
        string id, int? skip, int? take, PlanningDbContext db, CancellationToken cancellationToken)
    {
        var (from, count) = ApiSupport.Paging(skip, take);
        if (!await db.Initiatives.AnyAsync(i => i.Id == id,
            cancellationToken)) throw new NotFoundException("Initiative", id);
        var query = db.Assignments.AsNoTracking().Where(a => a.InitiativeId == id);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(a => a.CreatedAt).ThenBy(a => a.Id).Skip(from).Take(count)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<AssignmentResponse>([.. items.Select(AssignmentResponse.From)], total, from,
            count));
    }
}
