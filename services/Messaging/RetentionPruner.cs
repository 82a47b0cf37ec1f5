using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codewalkers.Messaging;

/// <summary>Removes sent outbox rows and old inbox records once they are past the retention window.</summary>
internal sealed class RetentionPruner<TDbContext>(
    IServiceScopeFactory scopes,
    IOptions<MessagingOptions> options,
    MessagingMetrics metrics,
    TimeProvider clock,
    ILogger<RetentionPruner<TDbContext>> logger)
    : PeriodicPruner(options.Value.PruneInterval, clock, logger) where TDbContext : DbContext
{
    protected override string Rows => "outbox/inbox rows";

    public override async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = Clock.GetUtcNow() - options.Value.Retention;
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
}
