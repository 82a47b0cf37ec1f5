using System.Text;
using Codewalkers.Planning.Domain;
using Codewalkers.SharedKernel;

namespace Codewalkers.Planning.Assignments;

/// <summary>
/// An execution agent's prompt: the task named by name and id, what its category asks, and the work it builds on.
/// </summary>
internal static class TaskPrompt
{
    public static string Build(Initiative initiative, Phase? phase, PlanTask task, IReadOnlyList<PlanTask> dependencies)
    {
        var where = phase is null ? "" : $", phase \"{phase.Name}\" (id {phase.Id})";
        var prompt = new StringBuilder();
        prompt.Section("role",
            $"You are an execution agent working on task \"{task.Name}\" (id {task.Id}), category " +
                $"{task.Category.ToText()}, " +
            $"of initiative \"{initiative.Name}\" (id {initiative.Id}){where}. You work in a git worktree on the " +
                "task's own branch.");
        prompt.Section("task",
            $"{Instructions(task.Category)}\n\n" + (string.IsNullOrWhiteSpace(task.Description)
                ? "(no description: the name says it all)"
                : task.Description.Trim()));
        if (dependencies.Count > 0)
        {
            var text = new StringBuilder("This task builds on these tasks; their agents' summaries (also in " +
                ".cw/input/task.md):\n");
            foreach (var d in dependencies)
                text.Append($"- \"{d.Name}\" (id {d.Id}, {d.Status.ToText()}): " +
                    (string.IsNullOrWhiteSpace(d.Summary) ? "(no summary)" : d.Summary.Trim()) + "\n");
            prompt.Section("dependencies", text.ToString());
        }
        prompt.Section("input_files", PromptText.InputFiles +
            "\ntask.md is your task; phase.md and initiative.md are its setting; pages/ are the initiative's " +
            "documents.");
        prompt.Section("cw_commands", PromptText.ExecutionCommands(task.Id));
        prompt.Section("deviation_rules", PromptText.Deviations);
        prompt.Section("completion", PromptText.Signal(commit: true));
        return prompt.ToString().TrimEnd();
    }

    private static string Instructions(TaskCategory category) => category switch
    {
        TaskCategory.Execute =>
            "Implement the task. Where the code has tests, go test-first: a failing test, the change, then refactor. " +
            "Done means: it builds, every test passes, the change does what the description asks, and nothing " +
                "unrelated changed.",
        TaskCategory.Verify =>
            "Verify the integrated work: build, run the full test suite, typecheck/lint, review the interfaces " +
                "between the phases' work " +
            "and smoke-test it. Fix only integration problems, and commit the fixes.",
        TaskCategory.Merge =>
            "Resolve a merge. The description names the branch to merge into your current branch: run git merge " +
                "with it, resolve every " +
            "conflict keeping the intent of both sides, build and test, then commit the merge. Do not abort the " +
                "merge or rewrite history.",
        TaskCategory.Review =>
            "Revise the work on this branch as the review feedback below asks: address every point, build and test, " +
                "commit. " +
            "If the feedback lists comments tagged [comment:<id>], also write " + ReviewTaskDescription.RepliesFile +
            """: [{"commentId":"<id>","reply":"<your reply>","resolved":true}].""",
        _ => "Do what the description asks, and report your findings in the summary of your done signal.",
    };
}
