using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Messaging.Outbox;

/// <summary>
/// Adds messages to a service's outbox. The row is saved by the caller's next SaveChanges, together with the state
/// change it announces, so there is never a publish without a commit or a commit without a publish.
/// </summary>
public static class OutboxWriter
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Queues an event for every subscriber.</summary>
    public static OutboxMessage Publish<TEvent>(this DbContext db, TEvent message) where TEvent : class =>
        Add(db, message, destination: null);

    /// <summary>Queues a command for the one service that owns <paramref name="queue"/>.</summary>
    public static OutboxMessage Send<TCommand>(this DbContext db, TCommand message, string queue)
        where TCommand : class =>
        Add(db, message, $"queue:{queue}");

    private static OutboxMessage Add<T>(DbContext db, T message, string? destination) where T : class
    {
        var type = message.GetType();
        var row = new OutboxMessage(
            Guid.NewGuid(),
            MessageTypeName(type),
            JsonSerializer.Serialize(message, type, Json),
            destination,
            Activity.Current?.Id,
            DateTimeOffset.UtcNow);
        db.Set<OutboxMessage>().Add(row);
        return row;
    }

    /// <summary>Type name without version, so a row written before an upgrade still resolves after it.</summary>
    internal static string MessageTypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
