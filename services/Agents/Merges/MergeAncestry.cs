using Codewalkers.Agents.Workspace;

namespace Codewalkers.Agents.Merges;

/// <summary>
/// The check after a merge reported as done: the target branch must contain the merged source commit. A target moved
/// meanwhile (a reset, a forced update) could report success for a merge whose result is gone; such a merge does not
/// count.
/// </summary>
public static class MergeAncestry
{
    /// <summary>Null when <paramref name="target"/> contains <paramref name="sourceCommit"/>; else why not.</summary>
    public static async Task<string?> MissingAsync(string repo, string source, string sourceCommit, string target)
    {
        var check = await Git.TryAsync(
            repo, "merge-base", "--is-ancestor", sourceCommit, $"refs/heads/{target}");
        return check.ExitCode switch
        {
            0 => null,
            1 => $"The merge of '{source}' into '{target}' was reported done, but '{target}' does not contain "
                + $"{sourceCommit} (it moved meanwhile); the merge does not count.",
            _ => $"Whether '{target}' contains '{source}' could not be checked: {check.Error}",
        };
    }
}
