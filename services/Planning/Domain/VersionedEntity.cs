using System.ComponentModel.DataAnnotations.Schema;
using Codewalkers.SharedKernel;

namespace Codewalkers.Planning.Domain;

/// <summary>
/// Base of every planning entity: its id, timestamps and the per-entity Version every event carries. It remembers
/// <em>that</em> it was created, changed or deleted since the last save, and builds the one event of that from its
/// state when the save reads <see cref="PendingEvents"/>: however many steps a unit of work takes, a save announces
/// each entity once, with its final state and Version.
/// </summary>
public abstract class VersionedEntity : EventSource
{
    private enum Change { None, Created, Updated, Deleted }

    private Change _change;
    private DateTimeOffset _deletedAt;

    public string Id { get; protected set; } = "";
    public DateTimeOffset CreatedAt { get; protected set; }
    public DateTimeOffset UpdatedAt { get; protected set; }
    public long Version { get; protected set; }

    [NotMapped]
    public override IReadOnlyList<object> PendingEvents => _change switch
    {
        Change.Created => [CreatedEvent()],
        Change.Updated => [UpdatedEvent()],
        Change.Deleted when DeletedEvent(_deletedAt) is { } deleted => [deleted],
        _ => [],
    };

    public override void ClearEvents()
    {
        _change = Change.None;
        base.ClearEvents();
    }

    protected void Created(string id, DateTimeOffset now)
    {
        now = now.TruncatedForStorage();
        Id = id;
        CreatedAt = now;
        UpdatedAt = now;
        Version = 1;
        _change = Change.Created;
    }

    /// <summary>
    /// Brought back from a snapshot (a reverted delete): created again, one Version past the one its delete event
    /// carried, so read models take the restore.
    /// </summary>
    protected void Recreated(DateTimeOffset createdAt, long versionBeforeDelete, DateTimeOffset now)
    {
        CreatedAt = createdAt;
        Version = versionBeforeDelete + 1;
        Touch(now);
        _change = Change.Created;
    }

    /// <summary>Every change bumps the version, so a consumer can tell a newer state from an older one.</summary>
    protected internal void Touch(DateTimeOffset now)
    {
        UpdatedAt = now.TruncatedForStorage();
        Version++;
        if (_change == Change.None) _change = Change.Updated;
    }

    /// <summary>
    /// The caller removes it from the database in this unit of work: the save announces the delete (Version + 1, at
    /// <paramref name="now"/>) instead of any change before it.
    /// </summary>
    public void Delete(DateTimeOffset now)
    {
        _change = Change.Deleted;
        _deletedAt = now;
    }

    /// <summary>
    /// Announces the current state again although nothing changed (same Version; read models that have it ignore
    /// it): for the few requests that have always answered with an update event whether or not they changed anything.
    /// </summary>
    public void AnnounceEvenIfUnchanged()
    {
        if (_change == Change.None) _change = Change.Updated;
    }

    protected abstract object CreatedEvent();

    protected abstract object UpdatedEvent();

    /// <summary>
    /// The event of a delete at <paramref name="at"/>; null for an entity that is never deleted on its own.
    /// </summary>
    protected virtual object? DeletedEvent(DateTimeOffset at) => null;
}
