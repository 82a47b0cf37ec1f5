using System.Diagnostics;
using Xunit;

namespace Codewalkers.TestSupport;

public static class Eventually
{
    /// <summary>
    /// Polls until <paramref name="condition"/> holds; fails naming <paramref name="what"/> after
    /// <paramref name="timeout"/>.
    /// </summary>
    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        TrueAsync(condition, timeout ?? TimeSpan.FromSeconds(10), () => Task.FromResult(what));

    /// <summary>
    /// Polls until <paramref name="condition"/> holds; after <paramref name="timeout"/> fails with what
    /// <paramref name="what"/> reads then (the state that did not change, say).
    /// </summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > timeout) Assert.Fail($"Not within {timeout.TotalSeconds} s: {await what()}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until its value satisfies <paramref name="condition"/>; the failure shows the
    /// last value seen.
    /// </summary>
    public static async Task<T> ValueAsync<T>(
        Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (condition(value)) return value;
            if (waited.Elapsed > limit) Assert.Fail($"Not within {limit.TotalSeconds} s: {what}; last seen: {value}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Polls until <paramref name="done"/> holds or time runs out, and returns the last value either way (the caller
    /// asserts on it).
    /// </summary>
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(250);
        }
    }
}
