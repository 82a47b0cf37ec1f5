using System.Collections.Concurrent;
using MassTransit;

namespace Codewalkers.TestSupport;

/// <summary>
/// Counts every finished delivery per message id. The harness's own lists keep one entry per message id, so they
/// cannot show that a redelivery happened; this log can.
/// </summary>
public sealed class ConsumeLog : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, int> _finished = new();
    private readonly ConcurrentQueue<(Guid MessageId, Exception Exception)> _faults = new();

    public int Finished(Guid messageId) => _finished.GetValueOrDefault(messageId);

    public IReadOnlyList<Exception> Faults(Guid messageId) =>
        [.. _faults.Where(f => f.MessageId == messageId).Select(f => f.Exception)];

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        Count(context);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        if (context.MessageId is { } id) _faults.Enqueue((id, exception));
        Count(context);
        return Task.CompletedTask;
    }

    private void Count(ConsumeContext context)
    {
        if (context.MessageId is { } id) _finished.AddOrUpdate(id, 1, (_, count) => count + 1);
    }
}
