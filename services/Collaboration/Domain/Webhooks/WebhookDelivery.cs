using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.SharedKernel;

namespace Codewalkers.Collaboration.Domain.Webhooks;

public enum DeliveryStatus { Pending, Delivered, Failed }

/// <summary>
/// One feed entry owed to one webhook. Written in the same commit as the entry, so a crash loses nothing; the
/// deliverer POSTs it until the receiver answers 2xx, waiting longer after each failure (<see cref="WebhookOptions"/>),
/// and gives it up (<see cref="DeliveryStatus.Failed"/>) only after <see cref="WebhookOptions.GiveUpAfter"/>.
/// <see cref="Id"/> is sent with every attempt, so a receiver that got it twice (its 2xx lost) can tell.
/// </summary>
public sealed class WebhookDelivery
{
    public const int MaxErrorLength = 500;

    public string Id { get; private set; } = "";
    public string WebhookId { get; private set; } = "";
    public long FeedEntryId { get; private set; }
    public FeedEntry? FeedEntry { get; private set; }
    public string Kind { get; private set; } = "";
    public DeliveryStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? LastAttemptAt { get; private set; }
    public int? LastStatusCode { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }

    private WebhookDelivery() { }

    public static WebhookDelivery For(string id, Webhook webhook, FeedEntry entry, DateTimeOffset now)
    {
        now = now.TruncatedForStorage();
        return new WebhookDelivery
        {
            Id = id, WebhookId = webhook.Id, FeedEntry = entry, Kind = entry.Kind, Status = DeliveryStatus.Pending,
            CreatedAt = now, NextAttemptAt = now,
        };
    }

    public void Succeeded(int statusCode, DateTimeOffset now)
    {
        now = now.TruncatedForStorage();
        (Attempts, LastAttemptAt, LastStatusCode, LastError) = (Attempts + 1, now, statusCode, null);
        (Status, DeliveredAt) = (DeliveryStatus.Delivered, now);
    }

    /// <summary>A failed attempt: try again after the next backoff step, or give up once it is too old.</summary>
    public void AttemptFailed(int? statusCode, string error, DateTimeOffset now, WebhookOptions options)
    {
        now = now.TruncatedForStorage();
        Attempts++;
        (LastAttemptAt, LastStatusCode) = (now, statusCode);
        LastError = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
        if (now - CreatedAt >= options.GiveUpAfter) Status = DeliveryStatus.Failed;
        else NextAttemptAt = now + options.Backoff(Attempts);
    }
}
