using System.Runtime.CompilerServices;
using Codewalkers.Collaboration.Domain.Feed;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Codewalkers.Collaboration.Infrastructure;

/// <summary>
/// Under PostgreSQL, makes feed ids become visible in the order they were handed out, so a reader resuming after the
/// last id it saw (<c>Last-Event-ID</c>, <c>after</c>) misses nothing. An identity value is taken at insert, not at
/// commit: without this, a transaction could take id 5, another take 6 and commit, a reader see 6, and 5 commit later
/// behind its back. Every save that adds feed entries first takes one transaction-scoped advisory lock, which
/// PostgreSQL releases only after the commit is visible: the next writer takes its id after that, so a smaller id can
/// no longer commit after a larger one. Chosen over a reader that stops before the oldest id still in flight, which
/// needs each row's transaction id (a schema change) and a snapshot query on every read; the price here is that
/// feed-writing transactions of this service commit one at a time, as they always did on SQLite. SQLite needs nothing:
/// it has one writer.
/// </summary>
internal sealed class FeedOrderInterceptor : SaveChangesInterceptor
{
    /// <summary>The advisory lock's key: any constant; advisory locks are per database, and this one is the feed's.</summary>
    private const long FeedLock = 0x63_77_66_65_65_64; // "cwfeed"

    /// <summary>The transactions this interceptor began itself, for a save that had none (committed with it).</summary>
    private readonly ConditionalWeakTable<DbContext, IDbContextTransaction> _own = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not { } context || !AddsFeedEntries(context)) return result;
        // The lock lasts as long as a transaction: a save without one of its own gets one, committed when it is done.
        if (context.Database.CurrentTransaction is null)
            _own.Add(context, await context.Database.BeginTransactionAsync(cancellationToken));
        await context.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({FeedLock})", cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is not { } context || !AddsFeedEntries(context)) return result;
        if (context.Database.CurrentTransaction is null) _own.Add(context, context.Database.BeginTransaction());
        context.Database.ExecuteSqlRaw($"SELECT pg_advisory_xact_lock({FeedLock})");
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Take(eventData.Context) is { } transaction)
        {
            await using (transaction) await transaction.CommitAsync(cancellationToken);
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Take(eventData.Context) is { } transaction)
        {
            using (transaction) transaction.Commit();
        }
        return result;
    }

    public override async Task SaveChangesFailedAsync(
        DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Take(eventData.Context) is { } transaction) await transaction.DisposeAsync(); // rolls back
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Take(eventData.Context)?.Dispose();

    public override async Task SaveChangesCanceledAsync(
        DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Take(eventData.Context) is { } transaction) await transaction.DisposeAsync();
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Take(eventData.Context)?.Dispose();

    private static bool AddsFeedEntries(DbContext context) =>
        context.Database.IsNpgsql()
        && context.ChangeTracker.Entries<FeedEntry>().Any(e => e.State == EntityState.Added);

    private IDbContextTransaction? Take(DbContext? context) =>
        context is not null && _own.TryGetValue(context, out var transaction) && _own.Remove(context)
            ? transaction
            : null;
}
