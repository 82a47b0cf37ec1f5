using System.Collections.Concurrent;
using Codewalkers.Agents.Runners;
using Codewalkers.ServiceDefaults;

namespace Codewalkers.Agents.Workspace;

/// <summary>
/// One checked-out worktree per clone kept ready (under <c>workspace/spares/</c>) for the next task spawn: taking it
/// (<c>checkout -b</c> in it, <c>worktree move</c> to the agent's directory) is cheaper than a new worktree, and the
/// checkout only rewrites the files that differ from where the spare stands.
/// A spare is mostly a finished task's own worktree, recycled (<see cref="TryRecycleAsync"/>) rather than removed. It
/// keeps its task's branch checked out until taken (the taking <c>checkout -b</c> leaves it), or until a worktree on
/// that branch is wanted (<see cref="ReleaseBranchAsync"/>: a reviewer following its executor).
/// A spare asked for while no agent works in the clone (none can hand a worktree on) is checked out anew, in the
/// background at low CPU priority. Spares left by an earlier process are removed before the first new one.
/// What this saves in git processes: benchmarks/Agents.Benchmarks/README.md.
/// </summary>
public sealed partial class SpareWorktrees
{
    private readonly ConcurrentDictionary<string, string> _ready = new(StringComparer.Ordinal);
    /// <summary>
    /// A spare being made: recycled (quick, so a spawn waits for it rather than check out its own) or checked out anew.
    /// </summary>
    private sealed record Making(Task Done, bool Recycling);

    private readonly ConcurrentDictionary<string, Making> _making = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _wanted = new(StringComparer.Ordinal);
    /// <summary>Clones being deleted: a spare still being made for one is removed as soon as it is done.</summary>
    private readonly ConcurrentDictionary<string, bool> _forgotten = new(StringComparer.Ordinal);
    private readonly ThisRunner _runner;
    private readonly ILogger<SpareWorktrees> _logger;
    private readonly Lazy<Task> _sweep;

    public SpareWorktrees(ThisRunner runner, ILogger<SpareWorktrees> logger)
    {
        (_runner, _logger) = (runner, logger);
        _sweep = new Lazy<Task>(SweepAsync);
    }

    public string Root => Path.Combine(_runner.WorkspaceDirectory, "spares");

    /// <summary>
    /// Makes <paramref name="worktree"/> from the clone's spare: on a new <paramref name="branch"/> made from local
    /// <paramref name="baseBranch"/>. False when there is no spare or git refused (the branch exists, the base does
    /// not): the caller takes the general path, and the spare stays the spare when only the branch existed (a
    /// retry's), or is dropped. A spare still being recycled (the task
    /// before finished a moment ago) is waited for.
    /// </summary>
    public async Task<bool> TryTakeAsync(string repo, string worktree, string branch, string baseBranch)
    {
        if (!_ready.TryRemove(repo, out var spare))
        {
            if (!_making.TryGetValue(repo, out var making) || !making.Recycling) return false;
            await making.Done;
            if (!_ready.TryRemove(repo, out spare)) return false;
        }
        if (!Directory.Exists(spare)) return false;
        var checkout = await Git.TryAsync(spare, "checkout", "--quiet", "-b", branch, $"refs/heads/{baseBranch}");
        if (!checkout.Ok)
        {
            // The branch exists (a task's retry, a reviewer): refused before anything changed, so it stays the spare.
            if (checkout.Error.Contains("already exists", StringComparison.Ordinal) && _ready.TryAdd(repo, spare))
                return false;
            await DropQuietlyAsync(spare);
            return false;
        }
        if ((await Git.TryAsync(repo, "worktree", "move", spare, worktree)).Ok) return true;
        // The branch is made and checked out in the spare: free it, and the general path puts it in the worktree.
        await DropQuietlyAsync(spare);
        return false;
    }

    /// <summary>
    /// Asks for a spare for the clone at <paramref name="baseBranch"/>: the worktree of the next task of the clone to
    /// finish clean, or one made at a <see cref="MakeWanted"/> when no agent works in the clone.
    /// </summary>
    public void Want(string repo, string baseBranch)
    {
        _forgotten.TryRemove(repo, out _);
        _wanted[repo] = baseBranch;
    }

    /// <summary>
    /// Starts making the spares asked for of clones where no agent works (<paramref name="hasRunningAgent"/>), whose
    /// worktree could be recycled instead. The supervisor calls it after launching the agents at hand (and at least
    /// every second): made right at the spawn, a spare's git processes would compete with that agent's launch.
    /// </summary>
    public void MakeWanted(Func<string, bool> hasRunningAgent)
    {
        foreach (var (repo, baseBranch) in _wanted)
        {
            if (!hasRunningAgent(repo) && _wanted.TryRemove(new KeyValuePair<string, string>(repo, baseBranch)))
                Replenish(repo, baseBranch);
        }
    }

    /// <summary>
    /// Keeps a finished agent's pristine worktree (clean, no ignored files) as its clone's spare instead of removing
    /// it: moved under <c>spares/</c>, its branch still checked out. False when the clone has a spare or one is being
    /// made, or git refused: the caller removes the worktree then.
    /// </summary>
    public async Task<bool> TryRecycleAsync(string worktree) =>
        WorktreeLink.Read(worktree)?.Repo is { } repo && !_forgotten.ContainsKey(repo) && !_ready.ContainsKey(repo)
        && await MakeAsync(repo, recycling: true, spare => Git.TryAsync(repo, "worktree", "move", worktree, spare));

    /// <summary>
    /// Frees <paramref name="branch"/> if the clone's spare has it checked out (a recycled worktree keeps its task's
    /// branch), so a worktree can be made on it: the spare is detached, and stays the spare.
    /// </summary>
    public async Task ReleaseBranchAsync(string repo, string branch)
    {
        if (!_ready.TryGetValue(repo, out var spare) || WorktreeLink.Read(spare)?.Branch() != branch
            || !_ready.TryRemove(new KeyValuePair<string, string>(repo, spare))) return;
        if ((await Git.TryAsync(spare, "checkout", "--quiet", "--detach")).Ok && _ready.TryAdd(repo, spare)) return;
        await DropQuietlyAsync(spare);
    }

    /// <summary>
    /// Starts making a spare for the clone at <paramref name="baseBranch"/>, unless it has one or one is on the way.
    /// </summary>
    private void Replenish(string repo, string baseBranch)
    {
        if (_ready.ContainsKey(repo)) return;
        _ = Task.Run(() => MakeAsync(repo, recycling: false, spare => Git.TryInBackgroundAsync(
            repo, "worktree", "add", "--quiet", "--detach", spare, $"refs/heads/{baseBranch}")));
    }

    /// <summary>
    /// Makes the clone's spare by <paramref name="git"/> (given the spare's path), unless one is being made already.
    /// False when none was made; a spare made for a clone being deleted meanwhile is removed at once.
    /// </summary>
    private async Task<bool> MakeAsync(string repo, bool recycling, Func<string, Task<Git.Result>> git)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_making.TryAdd(repo, new Making(done.Task, recycling))) return false;
        try
        {
            await _sweep.Value;
            Directory.CreateDirectory(Root);
            var spare = Path.Combine(Root, $"{Path.GetFileName(repo)}-{Guid.NewGuid().ToString("N")[..12]}");
            var made = await git(spare);
            if (!made.Ok)
            {
                // A worktree that cannot be recycled is removed as usual; a spare that cannot be checked out is worth a
                // word.
                if (!recycling) LogNotMade(Path.GetFileName(repo), made.Error);
                return false;
            }
            if (_forgotten.ContainsKey(repo)) await DropQuietlyAsync(spare);
            else
            {
                _ready[repo] = spare;
                _wanted.TryRemove(repo, out _);
            }
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            LogNotMade(Path.GetFileName(repo), ex.Message);
            return false;
        }
        finally
        {
            _making.TryRemove(repo, out _);
            done.TrySetResult();
        }
    }

    /// <summary>Forgets the clone's spare and removes it (its project is being deleted).</summary>
    public Task ForgetAsync(string repo)
    {
        _forgotten[repo] = true;
        _wanted.TryRemove(repo, out _);
        return _ready.TryRemove(repo, out var spare) ? DropQuietlyAsync(spare) : Task.CompletedTask;
    }

    /// <summary>Removes spares an earlier process left: every maker of a spare waits for this first.</summary>
    private async Task SweepAsync()
    {
        if (!Directory.Exists(Root)) return;
        foreach (var spare in Directory.EnumerateDirectories(Root)) await DropQuietlyAsync(spare);
    }

    /// <summary>A spare that cannot be removed is only disk space: it never fails the spawn or merge at hand.</summary>
    private async Task DropQuietlyAsync(string spare)
    {
        if (!Directory.Exists(spare)) return;
        try
        {
            await AgentWorktrees.RemoveAsync(spare, force: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogNotRemoved(spare, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "No spare worktree for {Project}: {Error}")]
    private partial void LogNotMade(string project, string error);

    [LoggerMessage(LogLevel.Warning, "Spare worktree {Path} could not be removed: {Error}")]
    private partial void LogNotRemoved(string path, string error);
}
