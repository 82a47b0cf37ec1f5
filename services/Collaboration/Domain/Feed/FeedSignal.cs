namespace Codewalkers.Collaboration.Domain.Feed;

/// <summary>
/// Wakes every open events stream when feed entries are committed, so they arrive at once instead of at the next
/// re-check. In-process only: a stream also re-reads now and then, which covers entries written by another instance.
/// </summary>
public sealed class FeedSignal
{
    private TaskCompletionSource _next = New();

    /// <summary>Completes at the next <see cref="Notify"/>; take it before reading, then wait on it.</summary>
    public Task Next() => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next, New()).TrySetResult();

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
