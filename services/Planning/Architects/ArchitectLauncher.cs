using System.Text.RegularExpressions;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Assignments;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Architects;

/// <summary>
/// Starts an architect: records the assignment and sends SpawnAgent in one transaction (outbox), with a worktree per
/// linked project on its default branch; architects read the code there and write only under .cw/output/.
/// </summary>
public static partial class ArchitectLauncher
{
    public const int MaxProviderLength = 100;

    public sealed record Services(PlanningDbContext Db, AssignmentBuilder Builder, PlanWriteGate Gate,
        TimeProvider Clock);

    public static async Task<AgentAssignment> StartAsync(
        Services services, string mode, string initiativeId, string? phaseId, string? instructions, string? provider,
            CancellationToken cancellationToken)
    {
        var (db, builder, gate, clock) = services;
        var errors = new Dictionary<string, string[]>();
        if (instructions is { Length: > Guard.MaxDescriptionLength }) errors["instructions"] = ["Instructions must " +
            $"be at most {Guard.MaxDescriptionLength} characters."];
        if (provider is not null && !ProviderPattern().IsMatch(provider))
            errors["provider"] = ["Provider must be a provider name: letters, digits, '.', '_' and '-', at most " +
                $"{MaxProviderLength} characters."];
        if (errors.Count > 0) throw new ValidationException(errors);

        // One gate for check and insert: two clicks on "plan" must not start two plan agents.
        using var _ = await gate.EnterAsync(cancellationToken);
        var initiative = await db.Initiatives.AsNoTracking().Include(i => i.Projects)
            .FirstOrDefaultAsync(i => i.Id == initiativeId, cancellationToken)
            ?? throw new NotFoundException("Initiative", initiativeId);
        if (initiative.Status is InitiativeStatus.Archived or InitiativeStatus.Completed)
            throw new ConflictException($"Initiative '{initiative.Name}' is {initiative.Status.ToText()}: " +
                $"reactivate it before starting a {mode} agent.", "Initiative closed");
        var phase = phaseId is null ? null : await db.Phases.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == phaseId, cancellationToken);
        if (phase is { Status: PhaseStatus.Completed })
            throw new ConflictException($"Phase '{phase.Name}' is completed: there is nothing left to detail.",
                "Phase completed");

        var open = await db.Assignments.AsNoTracking()
            .Where(a => a.Kind == AssignmentKind.Architect && a.Mode == mode && a.InitiativeId == initiative.Id
                && a.PhaseId == phaseId
                && (a.Status == AssignmentStatus.Requested || a.Status == AssignmentStatus.Running))
            .FirstOrDefaultAsync(cancellationToken);
        if (open is not null)
            throw new ConflictException(
                $"A {mode} agent is already {open.Status.ToText()} for " +
                    $"{(phase is null ? $"initiative '{initiative.Name}'" : $"phase '{phase.Name}'")} (assignment " +
                    $"{open.Id}); wait for it to finish.",
                "Architect already running");

        var assignment = await builder.ForArchitectAsync(mode, initiative, phase, instructions, cancellationToken);
        var projects = await db.ProjectsOfAsync(initiative, cancellationToken);
        var record = AgentAssignment.Request(Ids.New(), AssignmentKind.Architect, mode, initiative.Id, phase?.Id, null,
            clock.GetUtcNow());
        db.Assignments.Add(record);
        // A provider asked for by name wins over the initiative's choice for this one run.
        db.Send(InitiativeAgentSpawn.For(initiative, record.Id, mode, assignment, Workspaces(projects), phase?.Id,
            taskId: null, provider), AgentQueues.Commands);
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    /// <summary>
    /// A planning agent's worktrees (architects and chat agents): every linked project on its default branch, which
    /// they read and never commit to.
    /// </summary>
    public static IReadOnlyList<AgentWorkspaceProject> Workspaces(IEnumerable<Project> projects) =>
        [.. projects.Select(p => new AgentWorkspaceProject(p.Id, p.DefaultBranch, p.DefaultBranch, []))];

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex ProviderPattern();
}
