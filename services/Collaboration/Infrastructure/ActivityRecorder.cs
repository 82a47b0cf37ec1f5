using System.Text.Json;
using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Domain.Webhooks;
using Codewalkers.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Infrastructure;

/// <summary>
/// Adds a feed entry and, for every webhook that wants its kind, a pending delivery: both are tracked on the same
/// context, so the consumer's one commit stores them together (a crash between the two cannot lose a delivery).
/// </summary>
public static class ActivityRecorder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task RecordAsync(
        this CollaborationDbContext db, string kind, FeedSubjectIds ids, object payload, DateTimeOffset occurredAt,
        CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var entry = FeedEntry.Create(kind, ids, JsonSerializer.Serialize(payload, Json), occurredAt, now);
        db.FeedEntries.Add(entry);
        // Few webhooks exist (a user registers them by hand): reading them all beats a JSON query per kind.
        var webhooks = await db.Webhooks.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var webhook in webhooks.Where(w => w.Wants(kind)))
            db.WebhookDeliveries.Add(WebhookDelivery.For(Ids.New(), webhook, entry, now));
    }
}
