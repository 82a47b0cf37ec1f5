using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Codewalkers.Cli.Watch;

/// <summary>
/// `cw initiative tree`: the initiative, its phases in creation order (with what they wait for) and under each its
/// tasks by order, subtasks under their parent task; tasks outside any phase last.
/// </summary>
public static class PlanTree
{
    public static IRenderable Render(JsonElement tree) => Render(Plan.Read(tree));

    public static IRenderable Render(Plan plan)
    {
        var root = new Tree(new Markup($"[bold]{Markup.Escape(plan.Name)}[/] {StatusStyle.Markup(plan.Status)} " +
            $"[dim]{Markup.Escape(plan.InitiativeId)}[/]"));
        var names = plan.Phases.ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        var children = plan.Tasks.ToLookup(t => t.ParentTaskId ?? "", StringComparer.Ordinal);
        var ids = plan.Tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        // A task whose parent is not in this plan (none should be) still shows, at the top of its phase.
        var tops = plan.Tasks.Where(t => t.ParentTaskId is null || !ids.Contains(t.ParentTaskId))
            .ToLookup(t => t.PhaseId ?? "", StringComparer.Ordinal);

        foreach (var phase in plan.Phases)
        {
            var work = plan.Tasks.Where(t => t.PhaseId == phase.Id).ToList();
            var dependsOn = string.Join(", ", phase.DependsOn.Select(d => names.GetValueOrDefault(d, d)));
            var after = dependsOn.Length == 0 ? "" : $" [dim]after {Markup.Escape(dependsOn)}[/]";
            var node = root.AddNode(new Markup($"{Markup.Escape(phase.Name)} {StatusStyle.Markup(phase.Status)} " +
                $"[dim]{work.Count(t => t.Status == "completed")}/{work.Count} done  {Markup.Escape(phase.Id)}[/]" +
                after));
            AddTasks(node, tops[phase.Id], children);
        }
        var loose = tops[""].ToList();
        if (loose.Count > 0) AddTasks(root.AddNode(new Markup("[dim](no phase)[/]")), loose, children);
        if (plan.Phases.Count == 0 && loose.Count == 0)
            root.AddNode(new Markup($"[dim]No phases yet: cw architect plan {Markup.Escape(plan.InitiativeId)}[/]"));
        return root;
    }

    private static void AddTasks(IHasTreeNodes parent, IEnumerable<PlanTask> tasks, ILookup<string, PlanTask> children)
    {
        foreach (var task in tasks.OrderBy(t => t.Order))
        {
            var category = task.Category == "execute" ? "" : $" [dim]({Markup.Escape(task.Category)})[/]";
            var node = parent.AddNode(new Markup($"{Markup.Escape(task.Name)}{category} " +
                $"{StatusStyle.Markup(task.Status)} [dim]{Markup.Escape(task.Id)}[/]"));
            AddTasks(node, children[task.Id], children);
        }
    }
}
