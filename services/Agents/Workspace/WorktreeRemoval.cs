namespace Codewalkers.Agents.Workspace;

/// <summary>
/// The removal of a finished agent's clean worktrees: registered before its completion is committed and run after,
/// so the completion goes out first. Until it has ended, a new worktree on the same branch waits for it
/// (<see cref="PendingRemovals"/>): a worktree holds its branch until removed, and the next agent on that branch (a
/// reviewer, a retry) may be spawned the moment the completion is out. A pristine worktree (no ignored files either)
/// is kept as its clone's spare when the clone has none, rather than removed and checked out again for the next task.
/// </summary>
public sealed class WorktreeRemoval : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _worktrees;
    private readonly IReadOnlyList<string> _pristine;
    private readonly SpareWorktrees _spares;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal WorktreeRemoval(IReadOnlyList<string> worktrees, IReadOnlyList<string> pristine, SpareWorktrees spares) =>
        (_worktrees, _pristine, _spares) = (worktrees, pristine, spares);

    internal Task Ended => _ended.Task;

    /// <summary>
    /// Removes (or recycles) the worktrees (their branches, with every commit, stay in the clone); spawns waiting go
    /// on.
    /// </summary>
    public async Task RunAsync()
    {
        try
        {
            foreach (var worktree in _worktrees)
            {
                if (_pristine.Contains(worktree) && await _spares.TryRecycleAsync(worktree)) continue;
                await AgentWorktrees.RemoveAsync(worktree, force: false);
            }
        }
        finally
        {
            _ended.TrySetResult();
        }
    }

    /// <summary>
    /// Ends a removal that was not run (the completion was not committed): the worktrees stay, and nobody waits.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        _ended.TrySetResult();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Worktree removals in flight, by clone (its folder under <c>workspace/repos/</c>) and the branch the worktree holds:
/// only a new worktree on that same branch has to wait; the next task of a chain, on a branch of its own, does not.
/// </summary>
internal sealed class PendingRemovals
{
    /// <summary>
    /// Stands for the branch of a worktree whose HEAD could not be read: every new worktree of the clone waits.
    /// </summary>
    private const string AnyBranch = "*";
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Clone, string Branch), HashSet<Task>> _pending = [];

    public void Add(string clone, string? branch, WorktreeRemoval removal)
    {
        if (branch == "HEAD") return; // detached: holds no branch
        var key = (clone, branch ?? AnyBranch);
        lock (_gate)
        {
            if (!_pending.TryGetValue(key, out var tasks)) _pending[key] = tasks = [];
            tasks.Add(removal.Ended);
        }
        _ = removal.Ended.ContinueWith(ended => Forget(key, ended), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Completes when every removal registered so far that holds <paramref name="branch"/> of <paramref name="clone"/>
    /// has ended.
    /// </summary>
    public Task WhenEndedAsync(string clone, string branch)
    {
        lock (_gate)
        {
            var waits = new[] { (clone, branch), (clone, AnyBranch) }
                .SelectMany(key => _pending.TryGetValue(key, out var tasks) ? tasks : []).ToList();
            return waits.Count == 0 ? Task.CompletedTask : Task.WhenAll(waits);
        }
    }

    private void Forget((string Clone, string Branch) key, Task ended)
    {
        lock (_gate)
        {
            if (_pending.TryGetValue(key, out var tasks) && tasks.Remove(ended) && tasks.Count == 0)
                _pending.Remove(key);
        }
    }
}
