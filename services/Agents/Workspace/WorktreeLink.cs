namespace Codewalkers.Agents.Workspace;

/// <summary>
/// What a linked worktree's <c>.git</c> file points at (<c>gitdir: &lt;clone&gt;/.git/worktrees/&lt;id&gt;</c>), read
/// from
/// disk rather than by starting git: the clone the worktree belongs to, and the branch it has checked out.
/// </summary>
public sealed record WorktreeLink(string GitDir, string Repo)
{
    private const string GitDirPrefix = "gitdir: ";
    private const string BranchPrefix = "ref: refs/heads/";

    /// <summary>
    /// The link of <paramref name="worktree"/>, or null when it has none in the usual layout (then ask git).
    /// </summary>
    public static WorktreeLink? Read(string worktree)
    {
        try
        {
            var dotGit = Path.Combine(worktree, ".git");
            if (!File.Exists(dotGit) || File.ReadAllText(dotGit).Trim() is not { } pointer
                || !pointer.StartsWith(GitDirPrefix, StringComparison.Ordinal)) return null;
            var gitDir = Path.GetFullPath(pointer[GitDirPrefix.Length..], worktree);
            var commonDirFile = Path.Combine(gitDir, "commondir");
            if (!File.Exists(commonDirFile)) return null;
            // The common dir of a clone's worktree is the clone's .git directory.
            var commonDir = Path.GetFullPath(File.ReadAllText(commonDirFile).Trim(), gitDir);
            return Path.GetFileName(commonDir) == ".git" && Directory.Exists(commonDir)
                ? new(gitDir, Path.GetDirectoryName(commonDir)!)
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The branch checked out, "HEAD" when detached (as <c>rev-parse --abbrev-ref HEAD</c> says), null if unreadable.
    /// </summary>
    public string? Branch()
    {
        try
        {
            var head = File.ReadAllText(Path.Combine(GitDir, "HEAD")).Trim();
            return head.StartsWith(BranchPrefix, StringComparison.Ordinal) ? head[BranchPrefix.Length..] : "HEAD";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
