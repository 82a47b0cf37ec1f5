using System.Collections.Concurrent;
using MassTransit;

namespace Codewalkers.Messaging;

/// <summary>
/// Messages a consumer of this service failed on after every retry: MassTransit moved them to the endpoint's
/// <c>_error</c> queue, where nothing reads them. Counted per message type since the service started, so /health
/// (Degraded) and the dashboard (<c>cw.messages.dead_lettered</c>) show them rather than a silent stall.
/// </summary>
public sealed class DeadLetters(MessagingMetrics metrics) : IConsumeObserver
{
    private readonly ConcurrentDictionary<string, int> _byType = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, byte> _seen = new();

    /// <summary>Dead-lettered messages per message type (short name), in no particular order.</summary>
    public IReadOnlyDictionary<string, int> ByMessageType => _byType;

    public int Count => _byType.Values.Sum();

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    /// <summary>
    /// Called once the retry policy has given up (the retry filter holds back the faults of attempts it will retry);
    /// the message id keeps a fault reported twice for one delivery from counting twice.
    /// </summary>
    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        if (context.MessageId is { } id && !_seen.TryAdd(id, 0)) return Task.CompletedTask;
        var type = typeof(T).Name;
        _byType.AddOrUpdate(type, 1, (_, n) => n + 1);
        metrics.ConsumeDeadLettered(type);
        return Task.CompletedTask;
    }
}
