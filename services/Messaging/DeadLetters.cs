using System.Collections.Concurrent;
using MassTransit;

namespace Codewalkers.Messaging;

/// <summary>
/// Messages this service moved to an endpoint's <c>_error</c> queue, where nothing reads them: those a consumer failed
/// on after every retry, and those no consumer could even read (a body that is not a message: it never reaches a
/// consumer, so only the receive side sees it). Counted per message type (an unreadable one by its queue) since the
/// service started, so /health (Degraded) and the dashboard (<c>cw.messages.dead_lettered</c>) show them rather than
/// a silent stall.
/// </summary>
public sealed class DeadLetters(MessagingMetrics metrics) : IConsumeObserver, IReceiveObserver
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
        Record(context.MessageId, typeof(T).Name);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The receive side faulted: the body could not be read as a message (or a consume fault surfaced here too: the
    /// transport's message id, the same as the consumed one's, keeps that from counting twice).
    /// </summary>
    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        var queue = context.InputAddress.AbsolutePath.Trim('/');
        Record(context.GetMessageId(), $"unreadable message on {queue}");
        return Task.CompletedTask;
    }

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class =>
        Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask; // counted once, by the consume observer above

    private void Record(Guid? messageId, string type)
    {
        if (messageId is { } id && !_seen.TryAdd(id, 0)) return;
        _byType.AddOrUpdate(type, 1, (_, n) => n + 1);
        metrics.ConsumeDeadLettered(type);
    }
}
