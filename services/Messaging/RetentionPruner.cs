using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codewalkers.Messaging;

/// <summary>Removes sent outbox rows and old inbox records once they are past the retention window.</summary>
internal sealed partial class RetentionPruner<TDbContext>(
    IServiceScopeFactory scopes,
    IOptions<MessagingOptions> options,
    MessagingMetrics metrics,
    TimeProvider clock,
    ILogger<RetentionPruner<TDbContext>> logger) : BackgroundService where TDbContext : DbContext
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
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var outbox = await db.Set<OutboxMessage>()
            .Where(m => m.SentAt != null && m.SentAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
        var inbox = await db.Set<InboxMessage>()
            .Where(m => m.ProcessedAt < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
        metrics.Pruned(outbox + inbox);
        return outbox + inbox;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try { return await timer.WaitForNextTickAsync(cancellationToken); }
        catch (OperationCanceledException) { return false; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Rows} outbox/inbox rows past retention")]
    private partial void LogPruned(int rows);

    [LoggerMessage(
        Level = LogLevel.Warning, Message = "Pruning outbox/inbox rows failed; will try again next interval")]
    private partial void LogPruneFailed(Exception exception);
}
