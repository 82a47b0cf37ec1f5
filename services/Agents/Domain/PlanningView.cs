namespace Codewalkers.Agents.Domain;

/// <summary>
/// Agents' read model of Planning's initiatives, phases and tasks: names and descriptions for the context of waiting
/// agents. Kept from Planning's events; a deleted entity stays as a tombstone so a late event cannot bring it back.
/// </summary>
public sealed class PlanningView
{
    public const string Initiative = "initiative", Phase = "phase", Task = "task";

    public string Kind { get; private set; } = "";
    public string Id { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public string? PhaseId { get; private set; }
    public string? InitiativeId { get; private set; }
    public long Version { get; private set; }
    public bool IsDeleted { get; private set; }

    private PlanningView() { }

    public static PlanningView Create(string kind, string id, string name, string? description, string? phaseId,
        string? initiativeId, long version) =>
        new() { Kind = kind, Id = id, Name = name, Description = description, PhaseId = phaseId,
            InitiativeId = initiativeId, Version = version };

    /// <summary>Applies a newer version; an older or repeated one, or any after deletion, is ignored.</summary>
    public bool Apply(string name, string? description, string? phaseId, string? initiativeId, long version)
    {
        if (IsDeleted || version <= Version) return false;
        (Name, Description, PhaseId, InitiativeId, Version) = (name, description, phaseId, initiativeId, version);
        return true;
    }

    public void Delete(long? version = null)
    {
        IsDeleted = true;
        if (version > Version) Version = version.Value;
    }

    public static PlanningView Tombstone(string kind, string id, long version)
    {
        var view = Create(kind, id, "", null, null, null, version);
        view.IsDeleted = true;
        return view;
    }
}
