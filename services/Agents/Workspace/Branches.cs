namespace Codewalkers.Agents.Workspace;

/// <summary>Local branches of a clone measured against origin's, and moved only by compare-and-swap.</summary>
public static class Branches
{
    public enum Sync { UpToDate, FastForwarded, Created, Ahead, Diverged, NoRemote }

    public static async Task<string?> LocalAsync(string repo, string branch) => await ShaAsync(repo, $"refs/heads/{branch}");

    public static async Task<string?> RemoteAsync(string repo, string branch) => await ShaAsync(repo, $"refs/remotes/origin/{branch}");

    /// <summary>
    /// Moves the local <paramref name="branch"/> to origin's when it is behind (or missing). The clone's own checkout is
    /// detached (see <see cref="WorkspaceManager.EnsureCloneAsync"/>), so moving the ref never leaves a stale index.
    /// </summary>
    public static async Task<Sync> FastForwardAsync(string repo, string branch)
    {
        var remote = await RemoteAsync(repo, branch);
        if (remote is null) return Sync.NoRemote;
        var local = await LocalAsync(repo, branch);
        if (local is null)
        {
            await Git.RunAsync(repo, "branch", "--no-track", branch, remote);
            return Sync.Created;
        }
        if (local == remote) return Sync.UpToDate;
        if ((await Git.TryAsync(repo, "merge-base", "--is-ancestor", local, remote)).Ok)
        {
            // Compare-and-swap: a merge that moved the branch meanwhile wins, and we report what we saw.
            return (await Git.TryAsync(repo, "update-ref", $"refs/heads/{branch}", remote, local)).Ok ? Sync.FastForwarded : Sync.Diverged;
        }
        return (await Git.TryAsync(repo, "merge-base", "--is-ancestor", remote, local)).Ok ? Sync.Ahead : Sync.Diverged;
    }

    /// <summary>Puts <paramref name="branch"/> back to <paramref name="previous"/> (deletes it when it did not exist) if it is still at <paramref name="expected"/>.</summary>
    public static Task<Git.Result> RollBackAsync(string repo, string branch, string? previous, string expected) => previous is null
        ? Git.TryAsync(repo, "update-ref", "-d", $"refs/heads/{branch}", expected)
        : Git.TryAsync(repo, "update-ref", $"refs/heads/{branch}", previous, expected);

    /// <summary>Pushes the local branch to origin (never forced: origin must be an ancestor).</summary>
    public static Task<Git.Result> PushAsync(string repo, string branch) =>
        Git.TryAsync(repo, "push", "--quiet", "--porcelain", "origin", $"refs/heads/{branch}:refs/heads/{branch}");

    private static async Task<string?> ShaAsync(string repo, string reference)
    {
        var result = await Git.TryAsync(repo, "rev-parse", "--verify", "--quiet", $"{reference}^{{commit}}");
        return result.Ok ? result.Output : null;
    }
}
