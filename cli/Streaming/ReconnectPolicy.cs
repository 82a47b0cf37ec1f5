namespace Codewalkers.Cli.Streaming;

/// <summary>
/// How `cw` waits before asking the gateway again after a dropped connection: the pauses in order (the last one
/// repeats), and at most a number of failures in a row before it gives up, so a system that is gone ends `cw` with
/// the unreachable code instead of hanging. Each caller keeps its own bounds: <see cref="ForStream"/> for following an
/// agent's output or the feed and for `cw errand ... --wait` (long waits that should outlive a service restart),
/// <see cref="ForWait"/> for `cw ask` and `cw listen`.
/// </summary>
public sealed class ReconnectPolicy(
    IReadOnlyList<TimeSpan> delays, int maxAttempts, Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    /// <summary>
    /// A followed stream is meant to run for long: short pauses at first (a gateway restart, a proxy cut is over in a
    /// moment), then every 5 s, about two minutes in all.
    /// </summary>
    public static ReconnectPolicy ForStream(Func<TimeSpan, CancellationToken, Task>? delay = null) => new(
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)], 25, delay);

    /// <summary>
    /// An agent blocked in `cw ask` or `cw listen` has its own --timeout: a few quick retries, then it is told the
    /// system is unreachable rather than held for minutes.
    /// </summary>
    public static ReconnectPolicy ForWait(Func<TimeSpan, CancellationToken, Task>? delay = null) => new(
        [TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], 3, delay);

    public int MaxAttempts => maxAttempts;

    /// <summary>The longest pause, used for every attempt past the listed ones.</summary>
    public TimeSpan MaxDelay => delays[^1];

    public int Failures { get; private set; }

    /// <summary>The connection delivered something: the next drop starts the backoff again.</summary>
    public void Connected() => Failures = 0;

    /// <summary>Waits before the next attempt; false when it is time to give up.</summary>
    public async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        if (++Failures > maxAttempts) return false;
        await _delay(Failures <= delays.Count ? delays[Failures - 1] : MaxDelay, cancellationToken);
        return true;
    }
}
