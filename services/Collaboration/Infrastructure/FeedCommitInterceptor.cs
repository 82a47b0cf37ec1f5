using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Domain.Webhooks;
using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Infrastructure;

/// <summary>
/// Once new feed entries are committed (not before: other connections could not read them yet), wakes the open
/// event streams and the webhook deliverer.
/// </summary>
internal sealed class FeedCommitInterceptor(FeedSignal feed, WebhookSignal webhooks) : AfterCommitInterceptor
{
    protected override bool Concerns(DbContext context) =>
        context.ChangeTracker.Entries<FeedEntry>().Any(e => e.State == EntityState.Added);

    protected override void OnCommitted()
    {
        feed.Notify();
        webhooks.Notify();
    }
}
