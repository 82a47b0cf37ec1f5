namespace Codewalkers.Cli.Streaming;

/// <summary>
/// How a follower waits before reconnecting after a dropped stream: short at first (a gateway restart, a proxy cut
/// is over in a moment), at most <see cref="MaxDelay"/>, and it gives up after <see cref="MaxAttempts"/> failures in
/// a row (about two minutes), so a system that is gone ends `cw` with the unreachable code instead of hanging.
/// </summary>
public sealed class ReconnectPolicy(Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    public const int MaxAttempts = 25;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan[] Delays =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(2)];

    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    public int Failures { get; private set; }

    /// <summary>The stream delivered something: the next drop starts the backoff again.</summary>
    public void Connected() => Failures = 0;

    /// <summary>Waits before the next attempt; false when it is time to give up.</summary>
    public async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        if (++Failures > MaxAttempts) return false;
        await _delay(Failures <= Delays.Length ? Delays[Failures - 1] : MaxDelay, cancellationToken);
        return true;
    }
}
