namespace Codewalkers.Messaging.Inbox;

/// <summary>Records that <see cref="Consumer"/> has applied the message <see cref="MessageId"/>.</summary>
public sealed class InboxMessage(Guid messageId, string consumer, DateTimeOffset processedAt)
{
    public Guid MessageId { get; private set; } = messageId;
    public string Consumer { get; private set; } = consumer;
    public DateTimeOffset ProcessedAt { get; private set; } = processedAt;
}
