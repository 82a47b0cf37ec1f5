using Codewalkers.Planning.Domain;

namespace Codewalkers.Planning.Execution;

/// <summary>
/// Branch names (DESIGN.md "Execution"): the initiative's own branch <c>cw/&lt;slug&gt;</c>, its phases'
/// <c>cw/&lt;slug&gt;-phase-&lt;phase-slug&gt;</c> (kept on the phase), and one per task,
/// <c>cw/&lt;slug&gt;-task-&lt;task id&gt;</c>.
/// </summary>
public static class Branches
{
    public static string ForTask(Initiative initiative, PlanTask task) => $"{initiative.Branch}-task-{task.Id}";
}
