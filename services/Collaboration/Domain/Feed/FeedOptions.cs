namespace Codewalkers.Collaboration.Domain.Feed;

/// <summary>The activity feed's settings (configuration section <c>Feed</c>).</summary>
public sealed class FeedOptions
{
    public const string Section = "Feed";

    /// <summary>
    /// Entries (and their webhook deliveries) older than this are pruned; above
    /// <see cref="Webhooks.WebhookOptions.GiveUpAfter"/>, so no delivery still being tried loses its entry.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
    /// <summary>An idle events stream sends a comment this often, so proxies and clients see it is alive.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);
}
