using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Codewalkers.Planning.Infrastructure;

/// <summary>
/// The trees of recently read initiatives, kept up to date rather than dropped: every save that touches an
/// initiative, phase, task or dependency marks the ids it touched on the cached tree (see
/// <see cref="TreeCacheInvalidator"/>), and the next read re-reads only those rows. A read stores what it built as
/// clean only if no such save was marked while it was reading, so the cache never serves a state older than the last
/// commit. Every write to those tables must go through SaveChanges, or the cache cannot know.
/// </summary>
public sealed class TreeCache
{
    private const int MaxEntries = 64;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>The tree, when nothing was written since it was built.</summary>
    public bool TryGet(string initiativeId, [NotNullWhen(true)] out TreeSnapshot? tree)
    {
        lock (_lock)
        {
            tree = _entries.TryGetValue(initiativeId, out var entry) && entry.IsClean ? entry.Snapshot : null;
            return tree is not null;
        }
    }

    /// <summary>
    /// What a read must do: patch <see cref="TreeRefresh.Previous"/> with the marked ids, or (null) read it all.
    /// </summary>
    public TreeRefresh BeginRefresh(string initiativeId)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(initiativeId, out var entry)
                && !entry.Reload
                ? new TreeRefresh(_generation, entry.Snapshot, entry.Header, [.. entry.Phases], [.. entry.Tasks])
                : new TreeRefresh(_generation, null, false, [], []);
        }
    }

    /// <summary>
    /// Keeps what a read built: clean if nothing was written meanwhile, otherwise still marked with what was.
    /// </summary>
    public void Store(TreeRefresh refresh, TreeSnapshot snapshot)
    {
        var id = snapshot.Header.InitiativeId;
        lock (_lock)
        {
            _entries.TryGetValue(id, out var entry);
            if (_generation == refresh.Generation)
            {
                if (entry is null && _entries.Count >= MaxEntries) _entries.Clear();
                _entries[id] = new Entry(snapshot);
            }
            // A save ran meanwhile: its marks stay, and this snapshot replaces the one it was patched from only if
            // no other read replaced that one (and cleared marks) first.
            else if (entry is not null && ReferenceEquals(entry.Snapshot, refresh.Previous)) entry.Snapshot = snapshot;
        }
    }

    public void Forget(string initiativeId)
    {
        lock (_lock) _entries.Remove(initiativeId);
    }

    /// <summary>Drops every tree: the next read of each is a full one.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _generation++;
            _entries.Clear();
        }
    }

    /// <summary>Called before and after a save (and at its transaction's end) with what it touches.</summary>
    internal void Mark(TreeChanges changes)
    {
        lock (_lock)
        {
            _generation++;
            if (_entries.Count == 0) return;
            foreach (var initiativeId in changes.Initiatives)
            {
                if (_entries.TryGetValue(initiativeId, out var entry)) entry.Header = true;
            }
            foreach (var initiativeId in changes.Reloads)
            {
                if (_entries.TryGetValue(initiativeId, out var entry)) entry.Reload = true;
            }
            foreach (var (phaseId, initiativeId) in changes.Phases) Mark(phaseId, initiativeId, e => e.Phases, (s, id)
                => s.HasPhase(id));
            foreach (var (taskId, initiativeId) in changes.Tasks) Mark(taskId, initiativeId, e => e.Tasks, (s, id)
                => s.HasTask(id));
        }
    }

    /// <summary>
    /// A row of a known initiative marks that tree; a dependency end whose initiative the save did not load marks every
    /// tree that knows the id.
    /// </summary>
    private void Mark(
        string id, string? initiativeId, Func<Entry, HashSet<string>> marks, Func<TreeSnapshot, string, bool> has)
    {
        if (initiativeId is not null)
        {
            if (_entries.TryGetValue(initiativeId, out var entry)) marks(entry).Add(id);
            return;
        }
        foreach (var entry in _entries.Values)
        {
            if (has(entry.Snapshot, id) || marks(entry).Contains(id)) marks(entry).Add(id);
        }
    }

    private sealed class Entry(TreeSnapshot snapshot)
    {
        public TreeSnapshot Snapshot { get; set; } = snapshot;
        public bool Header { get; set; }
        /// <summary>
        /// A phase or task was deleted: the database may have cascaded to rows the save never loaded, so read it all.
        /// </summary>
        public bool Reload { get; set; }
        public HashSet<string> Phases { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Tasks { get; } = new(StringComparer.Ordinal);
        public bool IsClean => !Header && !Reload && Phases.Count == 0 && Tasks.Count == 0;
    }
}

/// <summary>
/// A read's starting point: the generation it began at, the snapshot to patch (null: read everything) and the marked
/// ids.
/// </summary>
public sealed record TreeRefresh(long Generation, TreeSnapshot? Previous, bool Header, HashSet<string> Phases,
    HashSet<string> Tasks);

/// <summary>
/// What one save touches, as the tree sees it: ids with their initiative (null when the save did not load it).
/// </summary>
internal sealed class TreeChanges
{
    public HashSet<string> Initiatives { get; } = new(StringComparer.Ordinal);
    /// <summary>Initiatives whose tree must be read again whole.</summary>
    public HashSet<string> Reloads { get; } = new(StringComparer.Ordinal);
    public HashSet<(string Id, string? InitiativeId)> Phases { get; } = [];
    public HashSet<(string Id, string? InitiativeId)> Tasks { get; } = [];
    public bool IsEmpty => Initiatives.Count == 0 && Reloads.Count == 0 && Phases.Count == 0 && Tasks.Count == 0;

    public void Add(TreeChanges other)
    {
        Initiatives.UnionWith(other.Initiatives);
        Reloads.UnionWith(other.Reloads);
        Phases.UnionWith(other.Phases);
        Tasks.UnionWith(other.Tasks);
    }
}

/// <summary>
/// Marks on the <see cref="TreeCache"/> what each save touches: before it writes, after it wrote, and, when the save
/// runs inside a transaction of its own caller, again when that transaction ends (only then is the change visible).
/// </summary>
internal sealed class TreeCacheInvalidator(TreeCache cache) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // Per context, what its saves touched that is not committed yet.
    private readonly ConditionalWeakTable<DbContext, TreeChanges> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Before(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Before(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        After(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => After(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData,
        CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
        => Ended(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
        => Ended(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData)
        => Ended(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Ended(eventData.Context);
        return Task.CompletedTask;
    }

    private void Before(DbContext? context)
    {
        if (context is null) return;
        var changes = Collect(context);
        if (changes.IsEmpty) return;
        if (_pending.TryGetValue(context, out var earlier)) earlier.Add(changes);
        else _pending.AddOrUpdate(context, changes);
        cache.Mark(changes);
    }

    private void After(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var changes)) return;
        cache.Mark(changes);
        if (context.Database.CurrentTransaction is null) _pending.Remove(context);
    }

    private void Ended(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var changes)) return;
        cache.Mark(changes);
        _pending.Remove(context);
    }

    private static TreeChanges Collect(DbContext context)
    {
        var changes = new TreeChanges();
        Dictionary<string, string>? initiativeOf = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (entry.Entity)
            {
                case Initiative i: changes.Initiatives.Add(i.Id); break;
                case Phase p when entry.State == EntityState.Deleted: changes.Reloads.Add(p.InitiativeId); break;
                case Phase p: changes.Phases.Add((p.Id, p.InitiativeId)); break;
                case PlanTask t when entry.State == EntityState.Deleted: changes.Reloads.Add(t.InitiativeId); break;
                case PlanTask t: changes.Tasks.Add((t.Id, t.InitiativeId)); break;
                case PhaseDependency d:
                    initiativeOf ??= InitiativesOf(context);
                    changes.Phases.Add((d.PhaseId, initiativeOf.GetValueOrDefault(d.PhaseId)));
                    changes.Phases.Add((d.DependsOnPhaseId, initiativeOf.GetValueOrDefault(d.DependsOnPhaseId)));
                    break;
                case TaskDependency d:
                    initiativeOf ??= InitiativesOf(context);
                    changes.Tasks.Add((d.TaskId, initiativeOf.GetValueOrDefault(d.TaskId)));
                    changes.Tasks.Add((d.DependsOnTaskId, initiativeOf.GetValueOrDefault(d.DependsOnTaskId)));
                    break;
            }
        }
        return changes;
    }

    /// <summary>The initiative of every phase and task this context tracks (ids are unique across both).</summary>
    private static Dictionary<string, string> InitiativesOf(DbContext context)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in context.ChangeTracker.Entries<Phase>()) map[p.Entity.Id] = p.Entity.InitiativeId;
        foreach (var t in context.ChangeTracker.Entries<PlanTask>()) map[t.Entity.Id] = t.Entity.InitiativeId;
        return map;
    }
}
