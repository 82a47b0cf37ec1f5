using System.Text.Json;
using Codewalkers.Planning.Domain;

namespace Codewalkers.Planning.Application;

/// <summary>
/// Collects what an agent-driven mutation touches: the snapshot of each entity before its first change, and, when
/// the mutation is done, its snapshot after. Call the "before" methods before mutating.
/// </summary>
public sealed class ChangeRecorder(ChangeSet changeSet)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<Item> _items = [];

    public ChangeSet ChangeSet => changeSet;

    public void Created(Page p)
        => _items.Add(new(ChangeSetEntry.Page, p.Id, ChangeAction.Create, null, () => Serialize(p.Snapshot())));
    public void Created(Phase p)
        => _items.Add(new(ChangeSetEntry.Phase, p.Id, ChangeAction.Create, null, () => Serialize(p.Snapshot())));
    public void Created(PlanTask t)
        => _items.Add(new(ChangeSetEntry.Task, t.Id, ChangeAction.Create, null, () => Serialize(t.Snapshot())));

    public void Updating(Page p)
        => Updating(ChangeSetEntry.Page, p.Id, Serialize(p.Snapshot()), () => Serialize(p.Snapshot()));
    public void Updating(Phase p)
        => Updating(ChangeSetEntry.Phase, p.Id, Serialize(p.Snapshot()), () => Serialize(p.Snapshot()));
    public void Updating(PlanTask t)
        => Updating(ChangeSetEntry.Task, t.Id, Serialize(t.Snapshot()), () => Serialize(t.Snapshot()));

    public void Deleting(Page p) => Deleting(ChangeSetEntry.Page, p.Id, Serialize(p.Snapshot()));
    public void Deleting(Phase p) => Deleting(ChangeSetEntry.Phase, p.Id, Serialize(p.Snapshot()));
    public void Deleting(PlanTask t) => Deleting(ChangeSetEntry.Task, t.Id, Serialize(t.Snapshot()));

    public void DependencyAdded(string type, string from, string to)
    {
        var id = DependencyId(from, to);
        if (_items.RemoveAll(i => i.Type == type && i.Id == id && i.Action == ChangeAction.Delete) > 0) return;
        _items.Add(new(type, id, ChangeAction.Create, null, () => Serialize(new DependencySnapshot(from, to))));
    }

    public void DependencyRemoved(string type, string from, string to)
    {
        var id = DependencyId(from, to);
        if (_items.RemoveAll(i => i.Type == type && i.Id == id && i.Action == ChangeAction.Create) > 0) return;
        _items.Add(new(type, id, ChangeAction.Delete, Serialize(new DependencySnapshot(from, to)), null));
    }

    /// <summary>Writes the entries, with every "after" taken now that the mutation is complete.</summary>
    public ChangeSet Complete()
    {
        foreach (var item in _items) changeSet.Add(item.Type, item.Id, item.Action, item.Before, item.After?.Invoke());
        return changeSet;
    }

    public static string DependencyId(string from, string to) => $"{from}->{to}";

    public static string Serialize<T>(T snapshot) => JsonSerializer.Serialize(snapshot, Json);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Json)!;

    private void Updating(string type, string id, string before, Func<string?> after)
    {
        // first snapshot wins: it is the state before the change set
        if (_items.Any(i => i.Type == type && i.Id == id)) return;
        _items.Add(new(type, id, ChangeAction.Update, before, after));
    }

    private void Deleting(string type, string id, string before)
    {
        var index = _items.FindIndex(i => i.Type == type && i.Id == id);
        if (index >= 0)
        {
            var earlier = _items[index];
            _items.RemoveAt(index);
            // created and deleted within the same change: nothing to record
            if (earlier.Action == ChangeAction.Create) return;
            before = earlier.Before!;
        }
        _items.Add(new(type, id, ChangeAction.Delete, before, null));
    }

    private sealed record Item(string Type, string Id, ChangeAction Action, string? Before, Func<string?>? After);
}

public sealed record DependencySnapshot(string From, string To);
