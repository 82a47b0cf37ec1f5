using MassTransit;
using Microsoft.Extensions.Logging;

namespace Codewalkers.Messaging.Inbox;

/// <summary>
/// A message is checked against its contract's rules before it is applied: anyone who can reach the broker could have
/// published it. One that fails is ignored (acknowledged, not faulted: a redelivery would fail the same way) and logged
/// with the fields that failed, never their values (a url may carry a credential).
/// </summary>
public static class MessageChecks
{
    public static bool Passes<T>(this ConsumeContext<T> context, ILogger logger, ICollection<string> failedFields)
        where T : class
    {
        if (failedFields.Count == 0) return true;
        logger.LogWarning("Ignored {MessageType} {MessageId}: its {Fields} break the rules of its contract.",
            typeof(T).Name, context.MessageId, string.Join(", ", failedFields));
        return false;
    }
}
