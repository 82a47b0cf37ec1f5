using Codewalkers.Contracts.Chat;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Chat;

/// <summary>
/// What a chat is about, read without tracking: a phase, or a task (with its dependencies) and its phase, and their
/// initiative; or why there can be no chat about it (unknown, completed, initiative closed).
/// </summary>
internal sealed record ChatTarget(Initiative Initiative, Phase? Phase, PlanTask? Task)
{
    public static async Task<(ChatTarget? Target, string? Refusal)> LoadAsync(PlanningDbContext db, string? type,
        string? id, CancellationToken cancellationToken)
    {
        if (type is null || !ChatTargets.All.Contains(type))
            return (null, $"Unknown target type '{type}': one of {string.Join(", ", ChatTargets.All)}.");
        PlanTask? task = null;
        string? phaseId = id;
        if (type == ChatTargets.Task)
        {
            task = await db.Tasks.AsNoTracking().Include(t => t.Dependencies)
                .FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
            if (task is null) return (null, $"Task '{id}' does not exist.");
            if (task.Status == Domain.TaskStatus.Completed)
                return (null, $"Task '{task.Name}' is completed: there is nothing left to change.");
            phaseId = task.PhaseId;
        }
        var phase = phaseId is null ? null
            : await db.Phases.AsNoTracking().FirstOrDefaultAsync(p => p.Id == phaseId, cancellationToken);
        if (task is null && phase is null) return (null, $"Phase '{id}' does not exist.");
        if (phase is { Status: PhaseStatus.Completed })
            return (null, $"Phase '{phase.Name}' is completed: there is nothing left to change.");
        var initiativeId = task?.InitiativeId ?? phase!.InitiativeId;
        var initiative = await db.Initiatives.AsNoTracking().Include(i => i.Projects)
            .FirstAsync(i => i.Id == initiativeId, cancellationToken);
        if (initiative.Status is InitiativeStatus.Archived or InitiativeStatus.Completed)
            return (null, $"Initiative '{initiative.Name}' is {initiative.Status.ToText()}: reactivate it before " +
                "chatting about its plan.");
        return (new ChatTarget(initiative, phase, task), null);
    }

    /// <summary>Whether <paramref name="assignment"/> (a session's agent) is this target's.</summary>
    public bool Owns(AgentAssignment assignment) => Task is null
        ? assignment.TaskId is null && assignment.PhaseId == Phase!.Id
        : assignment.TaskId == Task.Id;
}
