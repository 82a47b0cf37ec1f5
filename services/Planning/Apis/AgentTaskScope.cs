using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.ServiceDefaults.Security;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Apis;

/// <summary>
/// An agent (an agent token, see ServiceDefaults' AgentScope) may create tasks only under the task it is executing:
/// the one of its open task assignment. Without a parent the new task goes under that task, in its phase and
/// initiative; any other parent, or an agent executing no task (an architect), is refused with 403.
/// </summary>
internal static class AgentTaskScope
{
    public static async Task<TasksApi.CreateTaskRequest> ApplyAsync(
        AgentCaller agent, TasksApi.CreateTaskRequest request, PlanningDbContext db,
            CancellationToken cancellationToken)
    {
        var ownTaskId = await db.Assignments.AsNoTracking()
            .Where(a => a.AgentId == agent.AgentId && a.Kind == AssignmentKind.Task && a.TaskId != null
                && (a.Status == AssignmentStatus.Requested || a.Status == AssignmentStatus.Running))
            .OrderByDescending(a => a.CreatedAt)
            .Select(a => a.TaskId)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw Refused($"Agent '{agent.AgentId}' is executing no task, so it may create none: only an " +
                "execution agent may, and only under its own task.");
        if (request.ParentTaskId is { } parent && parent != ownTaskId)
        {
            throw Refused($"Agent '{agent.AgentId}' may create tasks only under its own task '{ownTaskId}', not " +
                $"under '{parent}'.");
        }
        var own = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == ownTaskId, cancellationToken)
            ?? throw Refused($"The task of agent '{agent.AgentId}' ('{ownTaskId}') no longer exists.");
        if ((request.PhaseId is { } phase && phase != own.PhaseId)
            || (request.InitiativeId is { } initiative && initiative != own.InitiativeId))
        {
            throw Refused($"Agent '{agent.AgentId}' may create tasks only in the phase and initiative of its own " +
                $"task '{ownTaskId}'.");
        }
        return request with { ParentTaskId = own.Id, PhaseId = own.PhaseId, InitiativeId = own.InitiativeId };
    }

    private static ForbiddenException Refused(string detail) => new(detail, "Not allowed for this agent");
}
