using Codewalkers.Agents.Runners;
using Codewalkers.ServiceDefaults;

namespace Codewalkers.Agents.Workspace;

/// <summary>
/// Saves what removing a worktree (or deleting a branch, or a whole clone) would lose, as a ref of the clone:
/// <c>refs/cw/saved/&lt;agent id&gt;/&lt;utc yyyyMMddTHHmmssZ&gt;</c>. Uncommitted work (tracked and untracked files,
/// not ignored ones) becomes a commit on top of the worktree's HEAD, made through a temporary index so neither the
/// worktree's index nor its branch moves; commits no surviving ref holds are kept by pointing the saved ref at them.
/// Nothing to save makes no ref. A save that fails throws <see cref="WorkNotSavedException"/>: the caller keeps what it
/// was about to remove.
/// </summary>
public sealed class SavedWork(ThisRunner runner, TimeProvider clock)
{
    public const string RefPrefix = "refs/cw/saved/";
    private const string Author = "Codewalkers";
    private const string AuthorEmail = "codewalkers@localhost";

    /// <summary>
    /// What still holds commits after the removal at hand, so only commits nothing else holds are saved.
    /// </summary>
    public enum Survivors
    {
        /// <summary>The worktree goes, every branch stays (its own included).</summary>
        AllBranches,

        /// <summary>The worktree's branch is deleted too.</summary>
        OtherBranches,

        /// <summary>The clone goes: only origin's branches (and the saved refs, kept with the clone) stay.</summary>
        Origin,
    }

    /// <summary>
    /// Clones of deleted projects that held saved work: moved here (<c>workspace/saved/</c>) instead of deleted.
    /// </summary>
    public string ArchiveRoot => Path.Combine(runner.WorkspaceDirectory, "saved");

    /// <summary>
    /// Saves what removing <paramref name="worktree"/> would lose; the ref made, or null when there was nothing.
    /// </summary>
    public async Task<string?> SaveWorktreeAsync(string worktree, string agentId, Survivors survivors)
    {
        if (!Directory.Exists(worktree)) return null;
        var link = WorktreeLink.Read(worktree);
        var repo = link?.Repo ?? await CloneOfAsync(worktree)
            ?? throw new WorkNotSavedException(worktree, "it is not a worktree of a clone git can read");
        var head = await Git.TryAsync(worktree, "rev-parse", "--verify", "--quiet", "HEAD^{commit}");
        if (!head.Ok) throw new WorkNotSavedException(worktree, $"its HEAD cannot be read: {head.Error}");
        var branch = link?.Branch() ?? (await Git.TryAsync(worktree, "rev-parse", "--abbrev-ref", "HEAD")).Output;
        var commit = await SnapshotAsync(worktree, head.Output, agentId, branch)
            ?? (await HoldsUnsavedCommitsAsync(repo, head.Output, branch, survivors) ? head.Output : null);
        return commit is null ? null : await WriteRefAsync(repo, agentId, commit);
    }

    /// <summary>
    /// Saves the commits of <paramref name="branch"/> that no other branch (nor origin, nor a saved ref) holds, before
    /// the branch is deleted.
    /// </summary>
    public async Task<string?> SaveBranchAsync(string repo, string branch, string agentId)
    {
        if (await Branches.LocalAsync(repo, branch) is not { } tip) return null;
        return await HoldsUnsavedCommitsAsync(repo, tip, branch, Survivors.OtherBranches)
            ? await WriteRefAsync(repo, agentId, tip)
            : null;
    }

    /// <summary>Whether the clone holds anything origin does not: saved refs, or local commits origin lacks.</summary>
    public static async Task<bool> HoldsUnpushedWorkAsync(string repo)
    {
        var saved = await Git.RunAsync(
            repo, "for-each-ref", "--count=1", "--format=%(refname)", RefPrefix.TrimEnd('/'));
        if (saved.Length > 0) return true;
        return (await Git.RunAsync(repo, "rev-list", "-1", "--branches", "--not", "--remotes")).Length > 0;
    }

    /// <summary>
    /// The worktree's uncommitted work as a commit on <paramref name="head"/>; null when the worktree is clean.
    /// </summary>
    private static async Task<string?> SnapshotAsync(string worktree, string head, string agentId, string branch)
    {
        var index = await Git.TryAsync(worktree, "rev-parse", "--path-format=absolute", "--git-path", "index");
        var temporary = Path.Combine(Path.GetTempPath(), $"cw-saved-{Guid.NewGuid():N}.index");
        var environment = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = temporary };
        try
        {
            // A copy of the worktree's index: its file stats spare re-reading unchanged files, and files tracked
            // though ignored stay tracked. Without one, the index is read from HEAD.
            if (index.Ok && File.Exists(index.Output)) File.Copy(index.Output, temporary);
            else await MustAsync(worktree, environment, "read-tree", head);
            await MustAsync(worktree, environment, "add", "--all");
            var tree = await MustAsync(worktree, environment, "write-tree");
            if (tree == await MustAsync(worktree, environment, "rev-parse", $"{head}^{{tree}}")) return null;
            return await MustAsync(worktree, environment,
                "-c", $"user.name={Author}", "-c", $"user.email={AuthorEmail}", "commit-tree", tree, "-p", head,
                "-m", $"Saved by Codewalkers: uncommitted work of agent {agentId} on {branch}");
        }
        catch (IOException ex)
        {
            throw new WorkNotSavedException(worktree, ex.Message);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task<string> MustAsync(
        string worktree, Dictionary<string, string> environment, params string[] args)
    {
        var result = await Git.TryWithEnvironmentAsync(worktree, environment, args);
        return result.Ok ? result.Output
            : throw new WorkNotSavedException(worktree, $"git {args[0]} failed: {result.Error}");
    }

    private static async Task<bool> HoldsUnsavedCommitsAsync(
        string repo, string commit, string branch, Survivors survivors)
    {
        string[] kept = survivors switch
        {
            Survivors.AllBranches => ["--branches", "--remotes", $"--glob={RefPrefix}*"],
            Survivors.OtherBranches => [$"--exclude={branch}", "--branches", "--remotes", $"--glob={RefPrefix}*"],
            _ => ["--remotes", $"--glob={RefPrefix}*"],
        };
        var unsaved = await Git.TryAsync(repo, ["rev-list", "-1", commit, "--not", .. kept]);
        if (!unsaved.Ok) throw new WorkNotSavedException(repo, $"git rev-list failed: {unsaved.Error}");
        return unsaved.Output.Length > 0;
    }

    /// <summary>
    /// Creates the save's ref (never over an existing one); a second save of the agent in the same second gets a
    /// suffix.
    /// </summary>
    private async Task<string> WriteRefAsync(string repo, string agentId, string commit)
    {
        var name = $"{RefPrefix}{agentId}/{clock.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";
        string? error = null;
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var candidate = attempt == 1 ? name : $"{name}-{attempt}";
            var created = await Git.TryAsync(repo, "update-ref", candidate, commit, "");
            if (created.Ok) return candidate;
            error = created.Error;
        }
        throw new WorkNotSavedException(repo, $"the ref {name} could not be created: {error}");
    }

    private static async Task<string?> CloneOfAsync(string worktree)
    {
        var commonDir = await Git.TryAsync(worktree, "rev-parse", "--path-format=absolute", "--git-common-dir");
        return commonDir.Ok && Directory.Exists(commonDir.Output) ? Path.GetDirectoryName(commonDir.Output) : null;
    }
}

/// <summary>The work of a worktree or branch could not be saved: whatever held it is kept.</summary>
public sealed class WorkNotSavedException(string where, string reason)
    : GitException($"The work in {where} could not be saved ({reason}); it is kept, not removed.");
