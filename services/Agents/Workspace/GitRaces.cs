namespace Codewalkers.Agents.Workspace;

/// <summary>
/// Git refusals that mean another git process moved the same refs at the same moment (another runner on the shared
/// remote, another spawn or merge in this runner's clone): trying again a moment later succeeds. Measured in the
/// two-runner end-to-end test, where they blocked 2 to 5 of 20 tasks before they were retried.
/// </summary>
public static class GitRaces
{
    public static bool IsRace(string gitError) =>
        // A lock file left behind by a killed git is not a race: trying again cannot help, a person must look.
        !gitError.Contains("File exists", StringComparison.Ordinal)
        && (gitError.Contains("cannot lock ref", StringComparison.Ordinal)
            || gitError.Contains("reference already exists", StringComparison.Ordinal)
            || gitError.Contains("[rejected]", StringComparison.Ordinal)
            || gitError.Contains("fetch first", StringComparison.Ordinal)
            || gitError.Contains("moved while", StringComparison.Ordinal)
            // A fetch that met a worktree being added or removed in the same clone.
            || gitError.Contains("did not send all necessary objects", StringComparison.Ordinal));
}
