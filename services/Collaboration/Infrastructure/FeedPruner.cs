using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Collaboration.Infrastructure;

/// <summary>Removes feed entries, and their webhook deliveries, once they are past the retention window.</summary>
internal sealed class FeedPruner(
    IDbContextFactory<CollaborationDbContext> contexts,
    IOptions<FeedOptions> options,
    TimeProvider clock,
    ILogger<FeedPruner> logger) : PeriodicPruner(options.Value.PruneInterval, clock, logger)
{
    protected override string Rows => "feed entries";

    public override async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = Clock.GetUtcNow() - options.Value.Retention;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.WebhookDeliveries.Where(d => d.FeedEntry!.RecordedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        var entries = await db.FeedEntries.Where(e => e.RecordedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return entries;
    }
}
