using System.ComponentModel.DataAnnotations.Schema;

namespace Codewalkers.SharedKernel;

/// <summary>
/// An entity that announces its own changes: it queues the integration events of what it did, and the outbox
/// interceptor (Messaging) writes them in the same SaveChanges as the change itself, so no change is saved without
/// its event.
/// </summary>
public abstract class EventSource
{
    private readonly List<object> _events = [];

    /// <summary>
    /// The events to write with this save, in the order they happened. An entity that announces only its final
    /// state per save (not every step) overrides this and <see cref="ClearEvents"/>.
    /// </summary>
    [NotMapped]
    public virtual IReadOnlyList<object> PendingEvents => _events;

    protected void Raise(object integrationEvent) => _events.Add(integrationEvent);

    /// <summary>Called once the events are in the outbox.</summary>
    public virtual void ClearEvents() => _events.Clear();
}
