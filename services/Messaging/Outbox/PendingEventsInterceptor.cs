using System.Runtime.CompilerServices;
using Codewalkers.SharedKernel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Codewalkers.Messaging.Outbox;

/// <summary>
/// Writes the events entities queued (<see cref="EventSource"/>) to the outbox in the SaveChanges that saves the
/// entities, so a change and its announcement commit together or not at all. Registered for every service database.
/// </summary>
internal sealed class PendingEventsInterceptor : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Written> _written = new();

    private sealed record Written(IReadOnlyList<EventSource> Sources, IReadOnlyList<OutboxMessage> Rows);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        WriteToOutbox(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        WriteToOutbox(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ClearWritten(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ClearWritten(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => TakeBack(eventData.Context);

    public override Task SaveChangesFailedAsync(
        DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TakeBack(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => TakeBack(eventData.Context);

    public override Task SaveChangesCanceledAsync(
        DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        TakeBack(eventData.Context);
        return Task.CompletedTask;
    }

    private void WriteToOutbox(DbContext? context)
    {
        if (context is null) return;
        // Read once per entity: an entity may build its events when asked (Planning's VersionedEntity does).
        var pending = context.ChangeTracker.Entries<EventSource>()
            .Select(entry => (Entry: entry, Events: entry.Entity.PendingEvents))
            .ToList();
        RefuseSilentRemovals(pending);
        var announcing = pending.Where(p => p.Events.Count > 0).ToList();
        if (announcing.Count == 0) return;
        var rows = announcing.SelectMany(p => p.Events).Select(context.Publish).ToList();
        _written.AddOrUpdate(context, new Written([.. announcing.Select(p => p.Entry.Entity)], rows));
    }

    /// <summary>
    /// Removing an entity is a change like any other: one that announces nothing would leave every read model of it
    /// holding a ghost, so the save is refused before anything is written.
    /// </summary>
    private static void RefuseSilentRemovals(
        IEnumerable<(EntityEntry<EventSource> Entry, IReadOnlyList<object> Events)> pending)
    {
        var silent = pending.FirstOrDefault(p => p.Entry.State == EntityState.Deleted && p.Events.Count == 0).Entry;
        if (silent is null) return;
        throw new InvalidOperationException(
            $"A {silent.Entity.GetType().Name} is removed without announcing it: " +
            "let the entity record its deletion (its Delete method) before removing it.");
    }

    private void ClearWritten(DbContext? context)
    {
        if (context is null || !_written.TryGetValue(context, out var written)) return;
        _written.Remove(context);
        foreach (var source in written.Sources) source.ClearEvents();
    }

    /// <summary>
    /// A failed save keeps the entities' events queued for the retry, so the rows written for them go: a retried
    /// SaveChanges writes each event once.
    /// </summary>
    private void TakeBack(DbContext? context)
    {
        if (context is null || !_written.TryGetValue(context, out var written)) return;
        _written.Remove(context);
        foreach (var row in written.Rows) context.Entry(row).State = EntityState.Detached;
    }
}
