using Codewalkers.Contracts.Agents;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;

namespace Codewalkers.Planning.Assignments;

/// <summary>
/// Builds agents' assignments from the plan (SPEC-ORIGINAL §3.2, §3.5): input files with YAML front matter, the
/// manifest's
/// assignment/context split, and a prompt per mode that names its subject (id and name) and states the output files and
/// the signal contract. It reads without tracking and changes nothing.
/// </summary>
public sealed class AssignmentBuilder(PlanningDbContext db)
{
    /// <summary>
    /// An execution agent's assignment for <paramref name="task"/> (execute, verify, merge or review). The prompt names
    /// the
    /// task by name and id and carries the summaries of the tasks it depends on. <paramref name="task"/> may be tracked
    /// and
    /// not yet saved (its name, description and status are taken from it); its dependencies are read from the database
    /// too,
    /// so a task loaded without them still gets its dependencies' summaries. <paramref name="plan"/> is the initiative
    /// as
    /// the caller has it, or null to read it.
    /// </summary>
    public async Task<Assignment> ForTaskAsync(PlanTask task, PlanSnapshot? plan, CancellationToken cancellationToken)
    {
        plan ??= await PlanSnapshot.LoadAsync(db, task.InitiativeId, cancellationToken);
        var phase = task.PhaseId is null ? null : plan.Phases.FirstOrDefault(p => p.Id == task.PhaseId);
        var stored = plan.Tasks.FirstOrDefault(t => t.Id == task.Id);
        var dependsOn = task.DependsOn.Concat(stored?.DependsOn ?? []).ToHashSet(StringComparer.Ordinal);
        var dependencies = plan.Tasks.Where(t => dependsOn.Contains(t.Id)).ToList();
        var files = InputFiles.Build(plan, phase, task, dependencies, pagesAreContext: true);
        return new Assignment(TaskPrompt.Build(plan.Initiative, phase, task, dependencies), files, []);
    }

    /// <summary>
    /// An architect's assignment: <paramref name="mode"/> discuss, plan or refine for <paramref name="initiative"/>, or
    /// detail
    /// for <paramref name="phase"/>. Its outputs (decisions/, phases/, pages/, tasks/ under .cw/output/) have names the
    /// agent
    /// chooses, so none is declared required; an empty plan or detail output fails when the outputs are read.
    /// </summary>
    public async Task<Assignment> ForArchitectAsync(
        string mode, Initiative initiative, Phase? phase, string? instructions, CancellationToken cancellationToken)
    {
        if (!AgentModes.IsArchitect(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode,
            "not an architect mode");
        if ((mode == AgentModes.Detail) != (phase is not null))
            throw new ArgumentException("detail, and only detail, is for a phase", nameof(phase));
        var plan = await PlanSnapshot.LoadAsync(db, initiative.Id, cancellationToken);
        var files = InputFiles.Build(plan, phase, null, [], pagesAreContext: false);
        return new Assignment(ArchitectPrompt.Build(mode, initiative, phase, instructions), files, []);
    }

    /// <summary>
    /// A chat agent's first turn on <paramref name="phase"/>, or on <paramref name="task"/> (of that phase, if it has
    /// one): the input files a detail architect gets (the initiative, its pages, every phase and task as context),
    /// plus the task with its dependencies, and a prompt with the conversation so far and the user's message.
    /// </summary>
    public async Task<Assignment> ForChatAsync(Initiative initiative, Phase? phase, PlanTask? task,
        IReadOnlyList<Contracts.Chat.ChatHistoryLine>? history, string message, CancellationToken cancellationToken)
    {
        var plan = await PlanSnapshot.LoadAsync(db, initiative.Id, cancellationToken);
        var dependencies = task is null ? [] : plan.Tasks.Where(t => task.DependsOn.Contains(t.Id)).ToList();
        var files = InputFiles.Build(plan, phase, task, dependencies, pagesAreContext: false);
        return new Assignment(ChatPrompt.Build(plan.Initiative, phase, task, history, message), files, []);
    }
}
