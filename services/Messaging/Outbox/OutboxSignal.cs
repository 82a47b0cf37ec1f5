namespace Codewalkers.Messaging.Outbox;

/// <summary>Wakes the dispatcher right after a commit that wrote outbox rows, so publish latency stays low.</summary>
public sealed class OutboxSignal : CoalescingSignal;
