using System.Diagnostics;

namespace Codewalkers.Persistence;

/// <summary>
/// A read model fills from another service's events, a moment after that service answered its user: a row asked for
/// right after it was created there (`cw project add`, then at once `cw errand start`) may not have arrived yet. A
/// request asks again for a few seconds before it takes "none" for an answer.
/// </summary>
public static class ReadModelArrival
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// What <paramref name="find"/> finds, asked again until it finds something or the patience is spent.
    /// </summary>
    public static async Task<T?> WaitAsync<T>(
        Func<CancellationToken, Task<T?>> find, CancellationToken cancellationToken) where T : class
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var found = await find(cancellationToken);
            if (found is not null || waited.Elapsed >= Patience) return found;
            await Task.Delay(Poll, cancellationToken);
        }
    }
}
