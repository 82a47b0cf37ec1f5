using Codewalkers.Messaging;

namespace Codewalkers.Collaboration.Infrastructure;

/// <summary>Wakes the deliverer right after a commit that wrote deliveries.</summary>
public sealed class WebhookSignal : CoalescingSignal;
