using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Codewalkers.Planning.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Codewalkers.Planning.Infrastructure;

/// <summary>
/// The serialized tree of recently read initiatives. Any save that touches an initiative, phase, task or dependency
/// clears it (see <see cref="TreeCacheInvalidator"/>); a read stores its answer only if no such save started while it
/// was reading, so the cache never serves a state older than the last commit.
/// </summary>
public sealed class TreeCache
{
    private const int MaxEntries = 64;
    private readonly ConcurrentDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string initiativeId, out byte[] json) => _entries.TryGetValue(initiativeId, out json!);

    public void Store(string initiativeId, long readStartedAt, byte[] json)
    {
        if (Generation != readStartedAt) return;
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[initiativeId] = json;
        // A save may have begun between the check and the write: then what was stored may be stale.
        if (Generation != readStartedAt) _entries.TryRemove(initiativeId, out _);
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }
}

/// <summary>Clears the <see cref="TreeCache"/> before and after every save that changes what a tree shows.</summary>
internal sealed class TreeCacheInvalidator(TreeCache cache) : SaveChangesInterceptor
{
    private static readonly object Marker = new();
    private readonly ConditionalWeakTable<DbContext, object> _saving = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Before(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Before(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        After(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => After(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return Task.CompletedTask;
    }

    private void Before(DbContext? context)
    {
        if (context is null || !context.ChangeTracker.Entries().Any(Relevant)) return;
        _saving.AddOrUpdate(context, Marker);
        cache.Invalidate();
    }

    private void After(DbContext? context)
    {
        if (context is null || !_saving.Remove(context)) return;
        cache.Invalidate();
    }

    private static bool Relevant(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) =>
        entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
        && entry.Entity is Initiative or Phase or PlanTask or PhaseDependency or TaskDependency;
}
