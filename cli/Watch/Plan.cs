using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Watch;

/// <summary>One phase of <see cref="Plan"/>, with the phases it depends on.</summary>
public sealed record PlanPhase(string Id, string Name, string Status, IReadOnlyList<string> DependsOn);

/// <summary>One task of <see cref="Plan"/>, with the tasks it depends on.</summary>
public sealed record PlanTask(
    string Id, string? PhaseId, string? ParentTaskId, string Name, string Category, string Status, int Order,
    IReadOnlyList<string> DependsOn)
{
    /// <summary>
    /// The categories execution dispatches (Planning's ReadyTasks); the others run on the default branch when an
    /// architect asks and never count towards execution.
    /// </summary>
    public static readonly IReadOnlySet<string> ExecutionCategories =
        new HashSet<string>(["execute", "verify", "merge", "review"], StringComparer.Ordinal);

    /// <summary>Whether execution runs this task: of an execution category, in a phase.</summary>
    public bool IsExecution => PhaseId is not null && ExecutionCategories.Contains(Category);
}

/// <summary>
/// An initiative's plan as GET /api/initiatives/{id}/tree answers it (phases in creation order, tasks, both
/// dependency lists), read once so that the tree view and the execution watch share it.
/// </summary>
public sealed record Plan(string InitiativeId, string Name, string Status, IReadOnlyList<PlanPhase> Phases,
    IReadOnlyList<PlanTask> Tasks)
{
    public static Plan Read(JsonElement tree)
    {
        var phaseDeps = Edges(tree, "phaseDependencies");
        var taskDeps = Edges(tree, "taskDependencies");
        return new Plan(
            Json.String(tree, "initiativeId") ?? "",
            Json.String(tree, "name") ?? "",
            Json.String(tree, "status") ?? "",
            [
                .. Json.Items(tree, "phases").Select(p => new PlanPhase(Id(p), Json.String(p, "name") ?? "",
                    Json.String(p, "status") ?? "", phaseDeps[Id(p)].ToList())),
            ],
            [
                .. Json.Items(tree, "tasks").Select(t => new PlanTask(Id(t), Json.String(t, "phaseId"),
                    Json.String(t, "parentTaskId"), Json.String(t, "name") ?? "", Json.String(t, "category") ?? "",
                    Json.String(t, "status") ?? "", Json.Int(t, "order"), taskDeps[Id(t)].ToList())),
            ]);
    }

    private static string Id(JsonElement element) => Json.String(element, "id") ?? "";

    private static ILookup<string, string> Edges(JsonElement tree, string list) =>
        Json.Items(tree, list).ToLookup(e => Json.String(e, "from") ?? "", e => Json.String(e, "to") ?? "",
            StringComparer.Ordinal);
}
