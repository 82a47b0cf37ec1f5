namespace Codewalkers.Messaging;

/// <summary>
/// A wake-up for a background loop: any number of <see cref="Notify"/> calls before the loop waits again collapse into
/// one wake-up, so a burst of commits costs one pass, and a notify during a pass is never lost.
/// </summary>
public class CoalescingSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); }
            catch (SemaphoreFullException) { /* already signalled: one wake-up covers everything pending */ }
        }
    }

    /// <summary>True when notified, false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, cancellationToken);
}
