using System.Collections.Concurrent;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Supervision;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Workspace;

/// <summary>
/// The project's shared git remote (<c>Agents:SharedRemote</c>), through which Codewalkers' own branches (task, phase,
/// initiative) move between runners: each runner's clone has it as the remote <c>shared</c> beside origin (the user's
/// repository, which still gives the default branch). The shared remote is authoritative for those branches: a runner
/// fetches the branches it is about to read and fast-forwards its own to them, and pushes what it made (never forced,
/// so a push refused because another runner moved the branch meanwhile is the cross-runner compare-and-swap).
/// Unset, nothing here runs: one runner's clone is the only one, as before.
/// </summary>
/// <remarks>
/// A rooted path is a directory holding one bare repository per project (<c>&lt;dir&gt;/&lt;projectId&gt;.git</c>,
/// made on first use); anything else is a URL prefix (<c>&lt;prefix&gt;/&lt;projectId&gt;.git</c>, made by whoever
/// runs the git server).
/// </remarks>
public sealed partial class SharedRemote(IOptions<AgentsOptions> options, ILogger<SharedRemote> logger)
{
    public const string RemoteName = "shared";

    /// <summary>
    /// How often a sync that lost a race is tried again: two runners creating the same phase branch at once, a merge
    /// moving it meanwhile, or two spawns of this runner fetching into one clone at once (git refuses each with
    /// "cannot lock ref" or a rejected push). Measured in the two-runner end-to-end test: 5 of 20 tasks were blocked by
    /// such a race before this.
    /// </summary>
    private const int Attempts = 6;

    // One git operation on the shared remote at a time per clone: two fetches into one clone race on its refs.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _turns = new(StringComparer.Ordinal);

    private readonly string? _setting = options.Value.SharedRemote is { Length: > 0 } setting ? setting : null;

    public bool Enabled => _setting is not null;

    private bool IsDirectory =>
        _setting is not null && Path.IsPathRooted(_setting) && !_setting.Contains("://", StringComparison.Ordinal);

    /// <summary>Where the project's shared repository is.</summary>
    public string UrlOf(string projectId) => IsDirectory
        ? Path.Combine(Path.GetFullPath(_setting!), $"{projectId}.git")
        : $"{_setting!.TrimEnd('/')}/{projectId}.git";

    /// <summary>
    /// Makes the clone know the shared remote (and, in directory mode, the bare repository exist). Called once per
    /// clone and process (<see cref="ProjectClones"/>).
    /// </summary>
    public async Task AttachAsync(string repo, string projectId)
    {
        var url = UrlOf(projectId);
        if (IsDirectory) await CreateBareAsync(url);
        var current = await Git.TryAsync(repo, "remote", "get-url", RemoteName);
        if (!current.Ok) await Git.RunAsync(repo, "remote", "add", RemoteName, url);
        else if (current.Output != url) await Git.RunAsync(repo, "remote", "set-url", RemoteName, url);
    }

    /// <summary>
    /// Made in a directory of its own, then renamed into place: two runners making it at once both succeed, and the
    /// one whose rename loses drops its copy. A half-made repository is never seen under the final name.
    /// </summary>
    private static async Task CreateBareAsync(string path)
    {
        if (Directory.Exists(path)) return;
        var parent = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(parent);
        var making = Path.Combine(parent, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.making");
        await Git.RunAsync(parent, "init", "--quiet", "--bare", making);
        try { Directory.Move(making, path); }
        catch (IOException) when (Directory.Exists(path))
        {
            Directory.Delete(making, recursive: true);
        }
    }

    /// <summary>
    /// Brings <paramref name="branches"/> of the clone in line with the shared remote before they are read: one fetch,
    /// then each local branch behind (or missing) is fast-forwarded (or created) to the shared one, and each local
    /// branch ahead of it (or only local: work made before, or whose push failed) is pushed, never dropped. The
    /// default branch is origin's and left alone. A branch that diverged from the shared one is an error naming it.
    /// </summary>
    public async Task SyncAsync(string repo, ProjectClone project, IEnumerable<string> branches)
    {
        var names = Ours(project, branches);
        if (names.Count == 0) return;
        await RetryingRacesAsync(repo, project.Name, () => SyncOnceAsync(repo, project, names));
    }

    private async Task SyncOnceAsync(string repo, ProjectClone project, List<string> names)
    {
        var fetched = await Git.TryAsync(repo, "fetch", "--quiet", "--prune", RemoteName);
        if (!fetched.Ok)
            throw new GitException($"git fetch of the shared remote of {project.Name} failed: {fetched.Error}");
        var refs = await RefSnapshot.ReadAsync(repo);
        var toPush = new List<string>();
        foreach (var branch in names)
        {
            var (local, shared) = (refs.Local(branch), refs.Shared(branch));
            if (local == shared || (local is null && shared is null)) continue;
            if (shared is null) toPush.Add(branch);
            else if (local is null || await IsAncestorAsync(repo, local, shared))
            {
                // Compare-and-swap: a spawn or merge of this runner that moved it meanwhile wins; it pushes its own.
                if (!(await Branches.MoveAsync(repo, branch, shared, local)).Ok)
                    throw new GitException($"Branch '{branch}' moved while it was brought up to the shared remote's.");
            }
            else if (await IsAncestorAsync(repo, shared, local)) toPush.Add(branch);
            else
                throw new GitException(
                    $"Branch '{branch}' of this runner's clone and the shared remote's have diverged; merge one into "
                    + "the other first.");
        }
        if (toPush.Count == 0) return;
        LogPushingUnpushed(project.Name, string.Join(", ", toPush));
        await PushOrThrowAsync(repo, project.Name, toPush);
    }

    /// <summary>
    /// Pushes the local <paramref name="branches"/> that the shared remote does not have as they are (one git push for
    /// all; none when every one is there already). Throws when the push is refused.
    /// </summary>
    public async Task PublishAsync(string repo, ProjectClone project, IEnumerable<string> branches)
    {
        var names = Ours(project, branches);
        var refs = await RefSnapshot.ReadAsync(repo);
        if (names.All(b => refs.Local(b) is not { } local || local == refs.Shared(b))) return;
        // Another runner may be creating the same branches (the initiative's, the phase's) at this moment: syncing
        // pushes what the shared remote lacks and takes what it has.
        await RetryingRacesAsync(repo, project.Name, () => SyncOnceAsync(repo, project, names));
    }

    /// <summary>
    /// Runs <paramref name="sync"/> in the clone's turn, again (after a short random wait) when git refused it for a
    /// race with another runner or another spawn; the last refusal is thrown.
    /// </summary>
    private async Task RetryingRacesAsync(string repo, string projectName, Func<Task> sync)
    {
        var turn = TurnOf(repo);
        for (var attempt = 1; ; attempt++)
        {
            await turn.WaitAsync();
            try
            {
                await sync();
                return;
            }
            catch (GitException ex) when (attempt < Attempts && GitRaces.IsRace(ex.Message))
            {
                LogRaceLost(projectName, attempt, ex.Message);
            }
            finally
            {
                turn.Release();
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 250) * attempt));
        }
    }

    private SemaphoreSlim TurnOf(string repo) => _turns.GetOrAdd(repo, _ => new SemaphoreSlim(1, 1));

    /// <summary>
    /// Pushes the branches an agent's worktrees have checked out where the shared remote lacks them as they are (one
    /// push per clone), before its end is published: a completion must never reach Planning before every runner can
    /// reach the task's branch, and the commits of an agent that crashed or asked a question are not stranded on this
    /// runner. Throws when a push is refused; the end is then processed again.
    /// </summary>
    public async Task PublishWorktreesAsync(AgentPaths paths)
    {
        var checkedOut = AgentWorktrees.Of(paths).Select(WorktreeLink.Read).OfType<WorktreeLink>()
            .Select(link => (link.Repo, Branch: link.Branch()))
            .Where(w => w.Branch is not (null or "HEAD") && RefNames.IsSafe(w.Branch));
        foreach (var clone in checkedOut.GroupBy(w => w.Repo, StringComparer.Ordinal))
        {
            var refs = await RefSnapshot.ReadAsync(clone.Key);
            var changed = clone.Select(w => w.Branch!).Distinct(StringComparer.Ordinal)
                .Where(b => refs.Local(b) is { } local && local != refs.Shared(b)).ToList();
            if (changed.Count > 0)
                await RetryingRacesAsync(clone.Key, Path.GetFileName(clone.Key),
                    () => PushOrThrowAsync(clone.Key, Path.GetFileName(clone.Key), changed));
        }
    }

    /// <summary>
    /// Pushes one branch (never forced). A refusal is the answer, not an error: another runner moved it meanwhile.
    /// </summary>
    public async Task<Git.Result> PushAsync(string repo, string branch)
    {
        var turn = TurnOf(repo);
        await turn.WaitAsync();
        try
        {
            return await Git.TryAsync(repo,
                "push", "--quiet", "--porcelain", RemoteName, $"refs/heads/{branch}:refs/heads/{branch}");
        }
        finally
        {
            turn.Release();
        }
    }

    private static async Task PushOrThrowAsync(string repo, string projectName, IReadOnlyList<string> branches)
    {
        var pushed = await Git.TryAsync(repo,
            ["push", "--quiet", "--porcelain", RemoteName, .. branches.Select(b => $"refs/heads/{b}:refs/heads/{b}")]);
        if (!pushed.Ok)
            throw new GitException(
                $"git push of {string.Join(", ", branches)} to the shared remote of {projectName} failed: "
                + $"{pushed.Error} {pushed.Output}".Trim());
    }

    /// <summary>
    /// The safe, distinct branch names among <paramref name="branches"/>, the default branch (origin's) left out.
    /// </summary>
    private static List<string> Ours(ProjectClone project, IEnumerable<string> branches) =>
        [.. branches.Where(b => b != project.DefaultBranch && RefNames.IsSafe(b)).Distinct(StringComparer.Ordinal)];

    private static async Task<bool> IsAncestorAsync(string repo, string ancestor, string of) =>
        (await Git.TryAsync(repo, "merge-base", "--is-ancestor", ancestor, of)).Ok;

    [LoggerMessage(LogLevel.Information,
        "{Project}: a sync with the shared remote lost a race (attempt {Attempt}), trying again: {Error}")]
    private partial void LogRaceLost(string project, int attempt, string error);

    [LoggerMessage(LogLevel.Information,
        "{Project}: pushing branches the shared remote lacks: {Branches}")]
    private partial void LogPushingUnpushed(string project, string branches);
}
