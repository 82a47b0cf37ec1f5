using System.Text.Json;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.SharedKernel;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Apis;

public sealed record WaitingAgentResponse(
    string Id, string Name, string Mode, string? TaskId, string? PhaseId, string? InitiativeId, string? TaskName,
    string? TaskDescription,
    string? PhaseName, string? InitiativeName, JsonElement? PendingQuestions, DateTimeOffset UpdatedAt,
    string Status, string? StatusReason, DateTimeOffset CreatedAt);

/// <summary>
/// The seed's findWaitingWithContext: agents waiting for input (or, asked for, those waiting for capacity: the queue of
/// spawns not launched yet, in the order they will launch; or those waiting for an account, earliest reset first) with the names of their task, phase and initiative from
/// the planning read model. The phase comes from the task when known, else the agent; the initiative from the phase,
/// else the task, else the agent. Deleted entities give no name.
/// </summary>
public static class WaitingAgents
{
    public static async Task<WaitingAgentResponse[]> FindAsync(
        AgentsDbContext db, AgentStatus waitingFor, CancellationToken cancellationToken)
    {
        var agents = await db.Agents.AsNoTracking()
            .Where(a => a.Status == waitingFor && a.UserDismissedAt == null)
            .ToListAsync(cancellationToken);
        if (agents.Count == 0) return [];
        var views = await db.PlanningViews.AsNoTracking().Where(v => !v.IsDeleted).ToListAsync(cancellationToken);
        var byKey = views.ToDictionary(v => (v.Kind, v.Id));
        PlanningView? Find(string kind, string? id) =>
            id is not null && byKey.TryGetValue((kind, id), out var view) ? view : null;

        var ordered = waitingFor switch
        {
            AgentStatus.WaitingForCapacity => agents.OrderBy(a => a.CreatedAt),
            // The order they continue in: the earliest reset first.
            AgentStatus.WaitingForAccount => agents.OrderBy(a => a.WaitingForAccountUntil).ThenBy(a => a.UpdatedAt),
            _ => agents.OrderBy(a => a.UpdatedAt),
        };
        return [.. ordered.Select(agent =>
        {
            var task = Find(PlanningView.Task, agent.TaskId);
            var phase = Find(PlanningView.Phase, task?.PhaseId ?? agent.PhaseId);
            var initiative = Find(PlanningView.Initiative,
                phase?.InitiativeId ?? task?.InitiativeId ?? agent.InitiativeId);
            return new WaitingAgentResponse(agent.Id, agent.Name, agent.Mode, agent.TaskId, phase?.Id ?? agent.PhaseId,
                initiative?.Id ?? agent.InitiativeId, task?.Name, task?.Description, phase?.Name, initiative?.Name,
                AgentResponse.From(agent).PendingQuestions, agent.UpdatedAt, agent.Status.ToText(), agent.StatusReason,
                agent.CreatedAt);
        })];
    }
}
