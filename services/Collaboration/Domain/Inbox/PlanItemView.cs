namespace Codewalkers.Collaboration.Domain.Inbox;

public enum PlanItemKind { Initiative, Phase, Task }

/// <summary>
/// Collaboration's read model of one initiative, phase or task of Planning: its name and status, shown with every
/// inbox item. Kept current from Planning's events, version-guarded like <see cref="AgentView"/>: an older or repeated
/// event changes nothing. A deleted item stays as a tombstone that keeps its name (old inbox items still say what they
/// were about) and that no later event brings back.
/// </summary>
public sealed class PlanItemView
{
    public string Id { get; private set; } = "";
    public PlanItemKind Kind { get; private set; }
    public string Name { get; private set; } = "";
    public string Status { get; private set; } = "";
    public string? InitiativeId { get; private set; }
    public string? PhaseId { get; private set; }
    public string? ParentTaskId { get; private set; }
    public long Version { get; private set; }
    public bool IsDeleted { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private PlanItemView() { }

    public static PlanItemView Create(string id, PlanItemKind kind, PlanItemState state) =>
        new PlanItemView { Id = id, Kind = kind }.With(state);

    public static PlanItemView Tombstone(string id, PlanItemKind kind, long version, DateTimeOffset at) =>
        new() { Id = id, Kind = kind, Version = version, IsDeleted = true, UpdatedAt = at };

    /// <summary>Applies a newer version; false (nothing changed) for an older one or a deleted item.</summary>
    public bool Apply(PlanItemState state)
    {
        if (IsDeleted || state.Version <= Version) return false;
        With(state);
        return true;
    }

    /// <summary>
    /// Deleted at <paramref name="version"/>; a cascade (its initiative or phase went) passes null: whatever version
    /// it had is final.
    /// </summary>
    public void Delete(long? version, DateTimeOffset at)
    {
        if (IsDeleted || version <= Version) return;
        (Version, IsDeleted, UpdatedAt) = (version ?? Version, true, at);
    }

    private PlanItemView With(PlanItemState state)
    {
        (Name, Status, Version, UpdatedAt) = (state.Name, state.Status, state.Version, state.At);
        (InitiativeId, PhaseId, ParentTaskId) = (state.InitiativeId, state.PhaseId, state.ParentTaskId);
        return this;
    }
}

/// <summary>What one Planning event says about an initiative, phase or task.</summary>
public sealed record PlanItemState(
    string Name, string Status, string? InitiativeId, string? PhaseId, string? ParentTaskId, long Version,
    DateTimeOffset At);
