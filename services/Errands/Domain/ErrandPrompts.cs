using Codewalkers.Contracts.Agents;

namespace Codewalkers.Errands.Domain;

/// <summary>
/// What an errand tells its agent: the errand itself, the reviewer's requested changes, a conflict to resolve.
/// </summary>
public static class ErrandPrompts
{
    /// <summary>The description, also written for the agent as <c>.cw/input/errand.md</c>.</summary>
    public const string InputFile = "errand.md";

    /// <summary>The agent that carries out an errand: one project, one branch, in its own worktree.</summary>
    public static SpawnAgent Spawn(Errand errand, string prompt) => new(
        errand.SpawnRequestId, AgentModes.Errand, prompt, errand.Provider, TaskId: null, PhaseId: null,
        InitiativeId: null, errand.Id,
        [new AgentWorkspaceProject(errand.ProjectId, errand.Branch, errand.BaseBranch, [])],
        [new AgentInputFile(InputFile, errand.Description, IsContext: false)], RequiredOutputs: []);

    public static string Errand(string projectName, Errand errand) =>
        $"<errand>\n{errand.Description}\n</errand>\n\n" + Workspace(projectName, errand) +
        "Make exactly this change and keep it small: touch only what the errand needs, no unrelated refactoring. " +
        "When it builds and its tests pass, commit with a clear message saying what changed and why.\n\n" +
        "If something is unclear, ask through the questions signal instead of guessing. When you are done, signal " +
        "done with result.message a one-line summary of the change.\n";

    public static string ChangesRequested(string feedback) =>
        $"Changes requested by the reviewer: {feedback}\n\n" +
        "Revise your change on the same branch accordingly, commit, and signal done with a one-line summary.";

    /// <summary>What the errand's agent is asked when its branch conflicts with the base branch.</summary>
    public static string Resolve(string baseBranch, string branch, IReadOnlyList<string> conflictFiles)
    {
        var files = conflictFiles.Count == 0 ? "the conflicting files"
            : string.Join(", ", conflictFiles.Select(f => $"`{f}`"));
        return $"Merging `{branch}` into `{baseBranch}` conflicts in {files}. In your worktree (on `{branch}`), " +
            $"merge the base branch with `git merge {baseBranch}`, resolve the conflicts in {files} keeping the " +
            "intent of both sides, make sure it builds and the tests pass, and commit the merge. Do not push or " +
            "switch branches. Signal done with a one-line summary of the resolution.";
    }

    /// <summary>A new agent resolving the conflict of an errand whose agent is gone: errand, then task.</summary>
    public static string ResolveAsNewAgent(string projectName, Errand errand, string resolve) =>
        $"<errand>\n{errand.Description}\n</errand>\n\n" + Workspace(projectName, errand) +
        "The errand's change is already committed on this branch. " + resolve + "\n\n" +
        "If something is unclear, ask through the questions signal instead of guessing.\n";

    private static string Workspace(string projectName, Errand errand) =>
        $"Work only in the project's worktree `./{projectName}/`, which is on branch `{errand.Branch}` (created " +
        $"from `{errand.BaseBranch}`). Do not push, do not switch or create branches, and do not touch any other " +
        "directory.\n\n";
}
