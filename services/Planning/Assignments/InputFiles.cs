using System.Text;
using System.Text.Json;
using Codewalkers.Contracts.Agents;
using Codewalkers.Planning.Domain;
using Codewalkers.SharedKernel;

namespace Codewalkers.Planning.Assignments;

/// <summary>
/// The files under <c>.cw/input/</c> (SPEC-ORIGINAL §3.2): the assignment (initiative.md, phase.md, task.md, and for
/// architects the pages) is read in full; the rest of the plan is context the agent opens on demand through
/// context/index.json, so a large initiative does not drown it.
/// </summary>
public static class InputFiles
{
    public static IReadOnlyList<AgentInputFile> Build(
        PlanSnapshot plan, Phase? phase, PlanTask? task, IReadOnlyList<PlanTask> dependencies, bool pagesAreContext)
    {
        var files = new List<AgentInputFile> { new("initiative.md", Initiative(plan.Initiative), false) };
        if (phase is not null) files.Add(new("phase.md", PhaseFile(phase), false));
        if (task is not null) files.Add(new("task.md", TaskFile(task, dependencies), false));
        files.AddRange(plan.Pages.Select(p => new AgentInputFile($"pages/{p.Id}.md", PageFile(p), pagesAreContext)));
        files.AddRange(plan.Phases.Where(p => p.Id != phase?.Id)
            .Select(p => new AgentInputFile($"context/phases/{p.Id}.md", PhaseFile(p), true)));
        files.AddRange(plan.Tasks.Where(t => t.Id != task?.Id)
            .Select(t => new AgentInputFile($"context/tasks/{t.Id}.md", ContextTask(t), true)));
        files.Add(new("context/index.json", Index(plan, phase?.Id, task?.Id), true));
        return files;
    }

    private static string Initiative(Initiative i) => FrontMatter.Document(
    [
        ("id", i.Id), ("name", i.Name), ("status", i.Status.ToText()), ("branch", i.Branch),
        ("executionMode", i.ExecutionMode.ToText()), ("qualityReview", i.QualityReview),
    ], null);

    private static string PageFile(Page p) => FrontMatter.Document(
        [("id", p.Id), ("title", p.Title), ("parentPageId", p.ParentPageId), ("sortOrder", p.SortOrder)],
        TiptapMarkdown.ToMarkdown(p.Content));

    private static string PhaseFile(Phase p) => FrontMatter.Document(
        [("id", p.Id), ("name", p.Name), ("status", p.Status.ToText()),
            ("dependsOn", p.DependsOn.Order(StringComparer.Ordinal).ToList())],
        TiptapMarkdown.ToMarkdown(p.Content));

    private static string TaskFile(PlanTask t, IReadOnlyList<PlanTask> dependencies)
    {
        var body = new StringBuilder(t.Description ?? "");
        if (dependencies.Count > 0)
        {
            // The work this task builds on: each dependency's own summary, so the agent need not dig through context/.
            body.Append("\n\n## Dependencies (completed before this task)\n");
            foreach (var d in dependencies)
            {
                var summary = string.IsNullOrWhiteSpace(d.Summary) ? "(no summary)" : d.Summary.Trim();
                body.Append($"\n### {d.Name} (id {d.Id}, {d.Status.ToText()})\n\n{summary}\n");
            }
        }
        return FrontMatter.Document(
        [
            ("id", t.Id), ("name", t.Name), ("category", t.Category.ToText()), ("priority", t.Priority.ToText()),
            ("status", t.Status.ToText()), ("phaseId", t.PhaseId), ("parentTaskId", t.ParentTaskId),
            ("dependsOn", dependencies.Select(d => d.Id).Order(StringComparer.Ordinal).ToList()),
        ], body.ToString().Trim());
    }

    private static string ContextTask(PlanTask t) => FrontMatter.Document(
    [
        ("id", t.Id), ("name", t.Name), ("phaseId", t.PhaseId), ("parentTaskId", t.ParentTaskId),
        ("category", t.Category.ToText()), ("priority", t.Priority.ToText()), ("status", t.Status.ToText()),
        ("dependsOn", t.DependsOn.Order(StringComparer.Ordinal).ToList()),
        ("summary", t.Summary),
    ], t.Description);

    private static string Index(PlanSnapshot plan, string? phaseId, string? taskId)
    {
        // Tasks without a phase are listed under "" so every task of the initiative is reachable from the index;
        // the agent's own phase and task point at phase.md and task.md, which hold them.
        var tasksByPhase = plan.Tasks.GroupBy(t => t.PhaseId ?? "").ToDictionary(
            g => g.Key,
            g => g.Select(t
                => new { file = t.Id == taskId ? "task.md" : $"context/tasks/{t.Id}.md", id = t.Id, name = t.Name,
                status = t.Status.ToText() }).ToList());
        var phases = plan.Phases
            .Select(p => new { file = p.Id == phaseId ? "phase.md" : $"context/phases/{p.Id}.md", id = p.Id,
                name = p.Name, status = p.Status.ToText() }).ToList();
        return JsonSerializer.Serialize(new { phases, tasksByPhase },
            new JsonSerializerOptions { WriteIndented = true });
    }
}
