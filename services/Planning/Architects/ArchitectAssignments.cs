using Codewalkers.Contracts.Agents;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Architects;

/// <summary>
/// Finds the architect assignment an agent event is about. Task assignments are the execution engine's, which has
/// consumers of its own for the same events: these lookups return null for them, so both never act on one assignment.
/// </summary>
internal static class ArchitectAssignments
{
    public static async Task<AgentAssignment?> ByRequestAsync(PlanningDbContext db, string requestId,
        CancellationToken cancellationToken) =>
        await db.Assignments.FirstOrDefaultAsync(a => a.Id == requestId && a.Kind == AssignmentKind.Architect,
            cancellationToken);

    /// <summary>
    /// By agent id; before AgentSpawned has been handled the id is unknown here, so fall back to the open assignment of
    /// the
    /// same mode and subject (there is at most one: starting a second is refused).
    /// </summary>
    public static async Task<AgentAssignment?> ByAgentAsync(
        PlanningDbContext db, string agentId, string mode, AgentContext context, CancellationToken cancellationToken)
    {
        if (!AgentModes.IsArchitect(mode)) return null;
        return await ByAgentIdAsync(db, agentId, cancellationToken)
            ?? await db.Assignments.FirstOrDefaultAsync(a => a.Kind == AssignmentKind.Architect && a.AgentId == null
                && a.Mode == mode
                && a.InitiativeId == context.InitiativeId && a.PhaseId == context.PhaseId
                && (a.Status == AssignmentStatus.Requested || a.Status == AssignmentStatus.Running), cancellationToken);
    }

    public static async Task<AgentAssignment?> ByAgentIdAsync(PlanningDbContext db, string agentId,
        CancellationToken cancellationToken) =>
        await db.Assignments.FirstOrDefaultAsync(a => a.AgentId == agentId && a.Kind == AssignmentKind.Architect,
            cancellationToken);
}
