using Codewalkers.Collaboration.Domain.Feed;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Collaboration.Infrastructure;

/// <summary>Removes feed entries, and their webhook deliveries, once they are past the retention window.</summary>
internal sealed partial class FeedPruner(
    IDbContextFactory<CollaborationDbContext> contexts,
    IOptions<FeedOptions> options,
    TimeProvider clock,
    ILogger<FeedPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PruneInterval, clock);
        do
        {
            try
            {
                var pruned = await PruneAsync(stoppingToken);
                if (pruned > 0) LogPruned(pruned);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPruneFailed(ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    internal async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.Retention;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.WebhookDeliveries.Where(d => d.FeedEntry!.RecordedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        var entries = await db.FeedEntries.Where(e => e.RecordedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return entries;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try { return await timer.WaitForNextTickAsync(cancellationToken); }
        catch (OperationCanceledException) { return false; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Entries} feed entries past retention")]
    private partial void LogPruned(int entries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning the feed failed; will try again next interval")]
    private partial void LogPruneFailed(Exception exception);
}
