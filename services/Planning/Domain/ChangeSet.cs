using System.ComponentModel.DataAnnotations.Schema;
using Codewalkers.Contracts.Planning;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Domain;

/// <summary>
/// One agent-driven mutation (accepting proposals, later chat edits): the before and after of every entity and
/// dependency it touched, so it can be shown and reverted. A new one is announced (ChangeSetApplied) with the entries
/// it has when saved; a revert is announced as it happens.
/// </summary>
public sealed class ChangeSet : EventSource
{
    private readonly List<ChangeSetEntry> _entries = [];
    private bool _unannounced;

    public string Id { get; private set; } = "";
    public string InitiativeId { get; private set; } = "";
    public string? AgentId { get; private set; }
    public string Source { get; private set; } = "";
    public string Description { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? RevertedAt { get; private set; }
    public IReadOnlyList<ChangeSetEntry> Entries => _entries;
    public bool IsReverted => RevertedAt is not null;

    [NotMapped]
    public override IReadOnlyList<object> PendingEvents => _unannounced
        ? [new ChangeSetApplied(Id, InitiativeId, AgentId, Source, _entries.Count, CreatedAt), .. base.PendingEvents]
        : base.PendingEvents;

    private ChangeSet() { }

    public static ChangeSet Start(string initiativeId, string? agentId, string source, string description,
        DateTimeOffset now) => new()
    {
        Id = Ids.New(),
        InitiativeId = initiativeId,
        AgentId = agentId,
        Source = source,
        Description = description.Length > 500 ? description[..500] : description,
        CreatedAt = now.TruncatedForStorage(),
        _unannounced = true,
    };

    public override void ClearEvents()
    {
        _unannounced = false;
        base.ClearEvents();
    }

    public void Add(string entityType, string entityId, ChangeAction action, string? before, string? after) =>
        _entries.Add(new ChangeSetEntry(Id, _entries.Count, entityType, entityId, action, before, after));

    public void MarkReverted(DateTimeOffset now)
    {
        if (IsReverted) throw new ConflictException($"Change set '{Id}' was already reverted.", "Already reverted");
        RevertedAt = now.TruncatedForStorage();
        Raise(new ChangeSetReverted(Id, InitiativeId, RevertedAt.Value));
    }
}

public enum ChangeAction { Create, Update, Delete }

public sealed class ChangeSetEntry(string changeSetId, int sequence, string entityType, string entityId,
    ChangeAction action, string? before, string? after)
{
    public const string Page = "page";
    public const string Phase = "phase";
    public const string Task = "task";
    public const string PhaseDependency = "phase_dependency";
    public const string TaskDependency = "task_dependency";

    public string ChangeSetId { get; private set; } = changeSetId;
    public int Sequence { get; private set; } = sequence;
    /// <summary>page | phase | task | phase_dependency | task_dependency.</summary>
    public string EntityType { get; private set; } = entityType;
    /// <summary>The entity id, or "from->to" for a dependency.</summary>
    public string EntityId { get; private set; } = entityId;
    public ChangeAction Action { get; private set; } = action;
    /// <summary>JSON snapshot before the change; null for a create.</summary>
    public string? Before { get; private set; } = before;
    /// <summary>JSON snapshot after the change; null for a delete.</summary>
    public string? After { get; private set; } = after;
}
