using System.Collections.Concurrent;

namespace Codewalkers.Collaboration.Domain;

/// <summary>
/// Wakes the requests waiting on a conversation (its answer) or on an agent (a new question for it) as soon as the
/// change is committed, so a waiting read answers at once instead of polling. In-process only: the waiters re-check
/// the database now and then, which also covers a change made by another instance.
/// </summary>
public sealed class ConversationSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waits = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the next <see cref="Notify"/> for <paramref name="key"/>.</summary>
    public Task Next(string key) =>
        _waits.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Notify(string key)
    {
        if (_waits.TryRemove(key, out var wait)) wait.TrySetResult();
    }

    public static string ForConversation(string id) => $"conversation:{id}";

    public static string ForAgent(string agentId) => $"agent:{agentId}";
}
