namespace Codewalkers.Messaging.Outbox;

/// <summary>
/// A message waiting to be published, written in the same SaveChanges as the state change it announces.
/// <see cref="Sequence"/> is an autoincrement key, so dispatching in key order keeps the service's publish order.
/// </summary>
public sealed class OutboxMessage
{
    public long Sequence { get; private set; }
    public Guid MessageId { get; private set; }
    public string MessageType { get; private set; } = "";
    public string Body { get; private set; } = "";
    /// <summary>Queue address for a command (sent to one receiver); null for an event (published).</summary>
    public string? Destination { get; private set; }
    /// <summary>W3C traceparent of the request that wrote the row, so the consumer's trace continues it.</summary>
    public string? TraceParent { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }
    /// <summary>
    /// Set when the row can never be published (its type no longer exists
    /// or its body no longer fits it); kept for a human to inspect.
    /// </summary>
    public bool DeadLettered { get; private set; }

    private OutboxMessage() { }

    internal OutboxMessage(
        Guid messageId,
        string messageType,
        string body,
        string? destination,
        string? traceParent,
        DateTimeOffset createdAt)
    {
        MessageId = messageId;
        MessageType = messageType;
        Body = body;
        Destination = destination;
        TraceParent = traceParent;
        CreatedAt = createdAt;
    }

    internal void MarkSent(DateTimeOffset at) => SentAt = at;

    internal void MarkDeadLettered(string error)
    {
        MarkFailed(error);
        DeadLettered = true;
    }

    internal void MarkFailed(string error)
    {
        Attempts++;
        LastError = error.Length > 2000 ? error[..2000] : error;
    }
}
