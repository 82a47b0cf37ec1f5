namespace Codewalkers.Agents.Workspace;

/// <summary>
/// A branch a new agent needs that an earlier agent's worktree still holds: a task's branch after its agent crashed or
/// was stopped (that worktree is kept, with whatever it holds, and git refuses a second worktree on the branch). The
/// new
/// agent — the task's retry — takes that worktree over as it is: it is moved into the new agent's directory
/// (<c>git worktree move</c>), so the commits, the uncommitted changes and the ignored files (build output) of the
/// earlier run are all there to continue from. A worktree git will not move (locked, or holding submodules) is released
/// instead: what it holds uncommitted is committed on the branch ("WIP" by Codewalkers), then it is removed, and the
/// new
/// worktree is checked out on the branch as usual. An agent still at work keeps its worktree: the spawn is refused.
/// </summary>
public sealed partial class WorktreeTakeover
{
    private const string Author = "Codewalkers";
    private const string AuthorEmail = "codewalkers@localhost";
    private readonly string _agentsRoot;
    private readonly string _sparesRoot;
    private readonly ILogger _logger;

    public WorktreeTakeover(string agentsRoot, string sparesRoot, ILogger logger) =>
        (_agentsRoot, _sparesRoot, _logger) = (agentsRoot, sparesRoot, logger);

    /// <summary>
    /// Whether the agent of that name has ended (crashed, stopped, or is unknown), so its worktrees may be taken over.
    /// </summary>
    public delegate Task<bool> AgentEnded(string agentName);

    /// <summary>
    /// Makes <paramref name="worktree"/> the worktree on <paramref name="branch"/> that another worktree of
    /// <paramref name="repo"/> holds: true when it moved here; false when there was nothing to take over, or the holder
    /// was released (detached or removed) and the caller checks the branch out as usual.
    /// </summary>
    public async Task<bool> TryAsync(string repo, string worktree, string branch, AgentEnded agentEnded)
    {
        if (await HolderAsync(repo, branch) is not { } holder) return false;
        if (IsIn(holder, _sparesRoot))
        {
            // A spare left by an earlier process, on the branch of the task it was recycled from: it is clean, and
            // swept later.
            await Git.TryAsync(holder, "checkout", "--quiet", "--detach");
            return false;
        }
        var agentDirectory = Path.GetDirectoryName(holder);
        if (agentDirectory is null || !IsIn(agentDirectory, _agentsRoot))
            return false; // not ours: git's refusal stands
        var agentName = Path.GetFileName(agentDirectory);
        if (!await agentEnded(agentName))
            throw new GitException(
                $"Branch '{branch}' is checked out by agent {agentName}, which is still at work on it; "
                + "stop that agent (or wait for it to end), then try again.");

        if ((await Git.TryAsync(repo, "worktree", "move", holder, worktree)).Ok)
        {
            LogTakenOver(branch, agentName);
            return true;
        }
        await ReleaseAsync(repo, holder, agentName);
        LogReleased(branch, agentName);
        return false;
    }

    /// <summary>
    /// The worktree of <paramref name="repo"/> that has <paramref name="branch"/> checked out, as git lists them.
    /// </summary>
    private static async Task<string?> HolderAsync(string repo, string branch)
    {
        var list = await Git.TryAsync(repo, "worktree", "list", "--porcelain");
        if (!list.Ok) return null;
        string? path = null;
        foreach (var line in list.Output.Split('\n'))
        {
            if (line.StartsWith("worktree ", StringComparison.Ordinal)) path = line["worktree ".Length..];
            else if (line == $"branch refs/heads/{branch}" && path is not null && !SamePath(path, repo)) return path;
        }
        return null;
    }

    /// <summary>Commits what the holder has uncommitted on its branch (nothing is lost), then removes it.</summary>
    private static async Task ReleaseAsync(string repo, string holder, string agentName)
    {
        await Git.TryAsync(repo, "worktree", "unlock", holder);
        if ((await Git.TryAsync(holder, "status", "--porcelain")).Output.Length > 0)
        {
            await Git.RunAsync(holder, "add", "--all");
            await Git.RunAsync(holder, "-c", $"user.name={Author}", "-c", $"user.email={AuthorEmail}",
                "commit", "--quiet", "--no-verify", "-m",
                $"WIP: uncommitted work of agent {agentName}, kept for the next run of its task");
        }
        await AgentWorktrees.RemoveAsync(holder, force: true);
        await Git.TryAsync(repo, "worktree", "prune");
    }

    private static bool IsIn(string path, string directory) =>
        SamePath(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(path)) ?? "", directory);

    /// <summary>
    /// Git lists worktrees by their real path; ours may be given through a symbolic link (a linked CW_HOME).
    /// </summary>
    private static bool SamePath(string a, string b) =>
        string.Equals(RealPath(a), RealPath(b), StringComparison.Ordinal);

    private static string RealPath(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var root = Path.GetPathRoot(full) ?? "/";
        var real = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        foreach (var part in parts)
        {
            real = Path.Combine(real, part);
            try
            {
                if (new DirectoryInfo(real).ResolveLinkTarget(returnFinalTarget: true) is { } target)
                    real = RealPath(target.FullName);
            }
            catch (IOException) { return full; }
        }
        return real;
    }

    [LoggerMessage(LogLevel.Information,
        "Branch {Branch}: took over the worktree agent {Agent} left, with its commits and uncommitted changes")]
    private partial void LogTakenOver(string branch, string agent);

    [LoggerMessage(LogLevel.Warning,
        "Branch {Branch}: the worktree agent {Agent} left could not be moved; its uncommitted changes were committed "
        + "and it was removed")]
    private partial void LogReleased(string branch, string agent);
}
