namespace Codewalkers.Planning.Assignments;

/// <summary>
/// What execution tells agents beyond a task's own prompt: the brief of a quality reviewer, and the names and
/// descriptions of the tasks execution creates itself (a description is the heart of its task's prompt).
/// </summary>
internal static class ExecutionPrompts
{
    public static string QualityReview(string taskName, string taskId, string taskBranch, string phaseBranch) =>
        $"<quality_review>\nYou are the quality reviewer of task \"{taskName}\" (id {taskId}); another agent " +
            "implemented " +
        $"it on branch `{taskBranch}`, which your worktree has checked out. Review `git diff {phaseBranch}...HEAD`: " +
        "correctness against the task, tests that really test it, error handling, naming and leftovers. Fix what you " +
        "find in small commits; change nothing else. In your done signal's result message, say what you checked and " +
        "fixed.\n</quality_review>\n\n";

    public static string ResolveConflictsName(string incoming) => $"Resolve merge conflicts with {incoming}";

    public static string ResolveConflicts(string incoming, string? phaseBranch, IEnumerable<string> conflictFiles) =>
        $"Merge branch `{incoming}` into your branch (it starts from the phase branch `{phaseBranch}`) with " +
        $"`git merge {incoming}`, resolve the conflicts in {string.Join(", ", conflictFiles.Select(f => $"`{f}`"))} " +
        "keeping the intent of both sides, make sure it builds and the tests pass, and commit the merge.";

    public const string VerifyIntegrationName = "Verify the integration";

    public const string VerifyIntegration =
        "Build everything, run the full test suite, type checks and linters, review the interfaces between the " +
        "phases' work and smoke-test the result. Fix only integration problems, commit the fixes, and report what " +
        "you checked.";

    public static string ReviewFeedbackName(string phaseName) => $"Address review feedback on {phaseName}";

    /// <summary>The review task's description: threads and feedback (<see cref="ReviewTaskDescription"/>).</summary>
    public static string ReviewFeedback(IReadOnlyList<Execution.ReviewThreadsClient.ReviewThread> threads,
        string? feedback) => ReviewTaskDescription.Build(threads, feedback);
}
