namespace Codewalkers.EndToEnd.Tests;

/// <summary>Polls an eventually-consistent read (a projection fed by events) until it holds or time runs out.</summary>
public static class Eventually
{
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
