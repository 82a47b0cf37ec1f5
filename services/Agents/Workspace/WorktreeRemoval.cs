namespace Codewalkers.Agents.Workspace;

/// <summary>
/// The removal of a finished agent's clean worktrees: registered before its completion is committed and run after,
/// so the completion goes out first. Until it has ended, a new worktree on the same clone waits for it
/// (<see cref="PendingRemovals"/>): a worktree holds its branch until removed, and the next agent on that branch (a
/// reviewer, a retry) may be spawned the moment the completion is out.
/// </summary>
public sealed class WorktreeRemoval : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _worktrees;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal WorktreeRemoval(IReadOnlyList<string> worktrees) => _worktrees = worktrees;

    internal Task Ended => _ended.Task;

    /// <summary>Removes the worktrees (their branches, with every commit, stay in the clone); spawns waiting go on.</summary>
    public async Task RunAsync()
    {
        try
        {
            foreach (var worktree in _worktrees) await WorkspaceManager.RemoveWorktreeAsync(worktree, force: false);
        }
        finally
        {
            _ended.TrySetResult();
        }
    }

    /// <summary>Ends a removal that was not run (the completion was not committed): the worktrees stay, and nobody waits.</summary>
    public ValueTask DisposeAsync()
    {
        _ended.TrySetResult();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Worktree removals in flight, by the name of the clone (its folder under <c>workspace/repos/</c>).</summary>
internal sealed class PendingRemovals
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<Task>> _byClone = new(StringComparer.Ordinal);

    public void Add(string clone, WorktreeRemoval removal)
    {
        lock (_gate)
        {
            if (!_byClone.TryGetValue(clone, out var pending)) _byClone[clone] = pending = [];
            pending.Add(removal.Ended);
        }
        _ = removal.Ended.ContinueWith(ended => Forget(clone, ended), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes when every removal from <paramref name="clone"/> registered so far has ended.</summary>
    public Task WhenEndedAsync(string clone)
    {
        lock (_gate) return _byClone.TryGetValue(clone, out var pending) ? Task.WhenAll(pending) : Task.CompletedTask;
    }

    private void Forget(string clone, Task ended)
    {
        lock (_gate)
        {
            if (_byClone.TryGetValue(clone, out var pending) && pending.Remove(ended) && pending.Count == 0) _byClone.Remove(clone);
        }
    }
}
