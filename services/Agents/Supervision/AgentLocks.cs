using System.Collections.Concurrent;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// One lock per agent. Every change to an agent (a request, its supervision, an account wait) happens under it, so a
/// request and the supervisor never race.
/// </summary>
public sealed class AgentLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    public async Task<T> WithLockAsync<T>(string agentId, Func<Task<T>> action)
    {
        var gate = _locks.GetOrAdd(agentId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try { return await action(); }
        finally { gate.Release(); }
    }
}
