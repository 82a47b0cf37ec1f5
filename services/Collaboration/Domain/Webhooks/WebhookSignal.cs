using Codewalkers.Messaging;

namespace Codewalkers.Collaboration.Domain.Webhooks;

/// <summary>Wakes the deliverer right after a commit that wrote deliveries.</summary>
public sealed class WebhookSignal : CoalescingSignal;
