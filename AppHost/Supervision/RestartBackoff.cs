namespace Codewalkers.AppHost.Supervision;

/// <summary>
/// How long to wait before restarting a resource that exited: not at all the first time (a service killed once should
/// be back within seconds), then <c>first</c>, doubling while it keeps dying, up to a cap; a resource that ran long
/// enough since its last restart starts over.
/// </summary>
internal sealed class RestartBackoff(TimeSpan first, TimeSpan max, TimeSpan stableAfter)
{
    private int _consecutive;
    private DateTimeOffset _lastStart = DateTimeOffset.MinValue;

    public int Restarts { get; private set; }

    /// <summary>
    /// The delay before the next restart, given that the resource just exited at <paramref name="now"/>.
    /// </summary>
    public TimeSpan NextDelay(DateTimeOffset now)
    {
        if (now - _lastStart >= stableAfter) _consecutive = 0;
        var delay = _consecutive == 0
            ? TimeSpan.Zero
            : TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks * (1L << Math.Min(_consecutive - 1, 20))));
        _consecutive++;
        return delay;
    }

    public void Started(DateTimeOffset now)
    {
        _lastStart = now;
        Restarts++;
    }
}
