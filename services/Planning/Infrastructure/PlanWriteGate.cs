namespace Codewalkers.Planning.Infrastructure;

/// <summary>
/// Serializes the writes that check the dependency graph before changing it (adding dependencies, accepting
/// proposals, reverting change sets). Two such writes running side by side could each see no cycle and together
/// close one; SQLite takes its write lock only at commit, after the checks. One Planning process owns the database,
/// so an in-process gate is enough.
/// </summary>
public sealed class PlanWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
