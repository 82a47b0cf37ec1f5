namespace Codewalkers.Agents.Workspace;

/// <summary>Local branches of a clone measured against origin's, and moved only by compare-and-swap.</summary>
public static class Branches
{
    public enum Sync { UpToDate, FastForwarded, Created, Ahead, Diverged, NoRemote }

    public static async Task<string?> LocalAsync(string repo, string branch) =>
        await ShaAsync(repo, $"refs/heads/{branch}");

    /// <summary>
    /// Moves the local <paramref name="branch"/> to origin's when it is behind (or missing), judged on
    /// <paramref name="refs"/>, which then records the move. The clone's own checkout is detached (see
    /// <see cref="ProjectClones.EnsureAsync"/>), so moving the ref never leaves a stale index.
    /// </summary>
    public static async Task<Sync> FastForwardAsync(string repo, string branch, RefSnapshot refs)
    {
        if (refs.Remote(branch) is not { } remote) return Sync.NoRemote;
        var local = refs.Local(branch);
        if (local == remote) return Sync.UpToDate;
        if (local is null)
        {
            if (!(await MoveAsync(repo, branch, remote, expected: null)).Ok)
                throw new GitException(
                    $"Branch '{branch}' could not be created at origin's {remote}: it was created meanwhile.");
            refs.SetLocal(branch, remote);
            return Sync.Created;
        }
        if ((await Git.TryAsync(repo, "merge-base", "--is-ancestor", local, remote)).Ok)
        {
            // Compare-and-swap: a merge that moved the branch meanwhile wins, and we report what we saw.
            if (!(await MoveAsync(repo, branch, remote, local)).Ok) return Sync.Diverged;
            refs.SetLocal(branch, remote);
            return Sync.FastForwarded;
        }
        return (await Git.TryAsync(repo, "merge-base", "--is-ancestor", remote, local)).Ok ? Sync.Ahead : Sync.Diverged;
    }

    /// <summary>
    /// Compare-and-swap: moves <paramref name="branch"/> to <paramref name="commit"/> only if it is still at
    /// <paramref name="expected"/>, or creates it only if it does not exist (<paramref name="expected"/> null).
    /// </summary>
    public static Task<Git.Result> MoveAsync(string repo, string branch, string commit, string? expected) =>
        Git.TryAsync(repo, "update-ref", $"refs/heads/{branch}", commit, expected ?? "");

    /// <summary>
    /// Creates every branch of <paramref name="branches"/> in one transaction: all or none, and none over a branch
    /// that exists (a concurrent creator makes it fail rather than be overwritten).
    /// </summary>
    public static async Task CreateAsync(string repo, IReadOnlyList<(string Branch, string Commit)> branches)
    {
        if (branches.Count == 0) return;
        // Each name ends at a NUL (-z): one holding a NUL would end early and smuggle in another command.
        if (branches.FirstOrDefault(b => b.Branch.Contains('\0', StringComparison.Ordinal)) is { Branch: { } invalid })
            throw new GitException($"'{invalid}' is not a valid branch name.");
        var transaction = string.Concat(branches.Select(b => $"create refs/heads/{b.Branch}\0{b.Commit}\0"));
        var created = await Git.TryWithInputAsync(repo, transaction, "update-ref", "--stdin", "-z");
        if (!created.Ok)
        {
            var names = string.Join(", ", branches.Select(b => $"'{b.Branch}'"));
            throw new GitException($"Branches {names} could not be created: {created.Error}");
        }
    }

    /// <summary>
    /// Puts <paramref name="branch"/> back to <paramref name="previous"/> (deletes it when it did not exist) if it is
    /// still at <paramref name="expected"/>.
    /// </summary>
    public static Task<Git.Result> RollBackAsync(string repo, string branch, string? previous, string expected) =>
        previous is null
        ? Git.TryAsync(repo, "update-ref", "-d", $"refs/heads/{branch}", expected)
        : Git.TryAsync(repo, "update-ref", $"refs/heads/{branch}", previous, expected);

    /// <summary>Pushes the local branch to origin (never forced: origin must be an ancestor).</summary>
    public static Task<Git.Result> PushAsync(string repo, string branch) =>
        Git.TryAsync(repo, "push", "--quiet", "--porcelain", "origin", $"refs/heads/{branch}:refs/heads/{branch}");

    /// <summary>
    /// The clone's branches and origin's as last fetched, by name; a name on both is the clone's (ours, and
    /// authoritative), origin's symbolic HEAD is none.
    /// </summary>
    public static async Task<IReadOnlyList<(string Name, string Commit)>> ListAsync(string repo)
    {
        const string heads = "refs/heads/", origin = "refs/remotes/origin/";
        var listing = await Git.RunAsync(
            repo, "for-each-ref", "--format=%(objectname) %(refname)", heads.TrimEnd('/'), origin.TrimEnd('/'));
        var branches = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // A ref name never contains a space.
            if (line.Split(' ', 2) is not [var commit, var name]) continue;
            if (name.StartsWith(heads, StringComparison.Ordinal)) branches[name[heads.Length..]] = commit;
            else if (name.StartsWith(origin, StringComparison.Ordinal) && name[origin.Length..] is var remote
                && remote != "HEAD") branches.TryAdd(remote, commit);
        }
        return [.. branches.Select(b => (b.Key, b.Value))];
    }

    private static async Task<string?> ShaAsync(string repo, string reference)
    {
        var result = await Git.TryAsync(repo, "rev-parse", "--verify", "--quiet", $"{reference}^{{commit}}");
        return result.Ok ? result.Output : null;
    }
}
