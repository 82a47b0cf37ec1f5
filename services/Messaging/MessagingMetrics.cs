using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Codewalkers.Messaging;

/// <summary>Counters for the outbox and inbox, exported with the service's other metrics.</summary>
public sealed class MessagingMetrics
{
    public const string Name = "Codewalkers.Messaging";
    internal static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _published;
    private readonly Counter<long> _publishFailures;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _pruned;
    private readonly Counter<long> _consumeDeadLettered;

    public MessagingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _published = meter.CreateCounter<long>(
            "cw.outbox.published", description: "Outbox messages published to the broker");
        _publishFailures = meter.CreateCounter<long>(
            "cw.outbox.publish_failures", description: "Failed publish attempts (the row waits and is retried)");
        _deadLettered = meter.CreateCounter<long>(
            "cw.outbox.dead_lettered", description: "Outbox rows that can never be published");
        _duplicates = meter.CreateCounter<long>(
            "cw.inbox.duplicates", description: "Redelivered messages skipped by the inbox");
        _pruned = meter.CreateCounter<long>(
            "cw.messaging.pruned", description: "Outbox and inbox rows removed after the retention window");
        _consumeDeadLettered = meter.CreateCounter<long>(
            "cw.messages.dead_lettered",
            description: "Consumed messages that failed every retry and went to an error queue");
    }

    internal void Published(string messageType) =>
        _published.Add(1, new KeyValuePair<string, object?>("message_type", messageType));
    internal void PublishFailed() => _publishFailures.Add(1);
    internal void DeadLettered() => _deadLettered.Add(1);
    internal void Duplicate(string consumer) =>
        _duplicates.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
    internal void Pruned(int rows) => _pruned.Add(rows);
    internal void ConsumeDeadLettered(string messageType) =>
        _consumeDeadLettered.Add(1, new KeyValuePair<string, object?>("message_type", messageType));
}
