using Codewalkers.Contracts.Planning;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Domain;

/// <summary>
/// A stage of an initiative, dispatched once approved and once every phase it depends on is completed.
/// </summary>
public sealed class Phase : VersionedEntity, IDependent<Phase>
{
    public const int MaxMergeBaseLength = 64;

    private readonly List<PhaseDependency> _dependencies = [];

    public string InitiativeId { get; private set; } = "";
    public string Name { get; private set; } = "";
    /// <summary>Tiptap JSON.</summary>
    public string? Content { get; private set; }
    public PhaseStatus Status { get; private set; }
    /// <summary>Git merge base stored before the phase merges, so its diff can be rebuilt later.</summary>
    public string? MergeBase { get; private set; }
    public string? BlockedReason { get; private set; }
    /// <summary>
    /// The phase's git branch, fixed when execution first needs it, so renaming the phase later moves no work.
    /// </summary>
    public string? Branch { get; private set; }
    public IReadOnlyCollection<PhaseDependency> Dependencies => _dependencies;
    public IEnumerable<string> DependsOn => _dependencies.Select(d => d.DependsOnPhaseId);

    public static string Kind => "Phase";

    private Phase() { }

    /// <summary>
    /// A pending phase; <paramref name="dependsOn"/> must be phases of the same initiative (a new phase closes no
    /// cycle).
    /// </summary>
    public static Phase Create(Initiative initiative, string? name, string? content, DateTimeOffset now,
        IReadOnlyCollection<Phase>? dependsOn = null)
    {
        var phase = new Phase
        {
            InitiativeId = initiative.Id,
            Name = Guard.Name("name", name),
            Content = Guard.TiptapJson("content", content),
            Status = PhaseStatus.Pending,
        };
        phase.Created(Ids.New(), now);
        foreach (var other in dependsOn ?? [])
        {
            DependencyRules.CheckCanAdd("Phase", phase.Id, phase.InitiativeId, other.Id, other.InitiativeId,
                new DependencyGraph([]));
            if (phase._dependencies.All(d
                => d.DependsOnPhaseId != other.Id)) phase._dependencies.Add(new PhaseDependency(phase.Id, other.Id));
        }
        return phase;
    }

    public void Edit(string? name, string? content, string? mergeBase, DateTimeOffset now)
    {
        if (name is not null) Name = Guard.Name("name", name);
        if (content is not null) Content = Guard.TiptapJson("content", content);
        if (mergeBase is not null)
        {
            if (mergeBase.Length is < 4 or > MaxMergeBaseLength || !mergeBase.All(Uri.IsHexDigit))
                throw new ValidationException("mergeBase", "MergeBase must be a git commit hash (4 to 64 hex digits).");
            MergeBase = mergeBase;
        }
        Touch(now);
    }

    /// <summary>Adds "this phase depends on <paramref name="other"/>"; false when it already does.</summary>
    public bool DependOn(Phase other, DependencyGraph graph, DateTimeOffset now)
    {
        if (_dependencies.Any(d => d.DependsOnPhaseId == other.Id)) return false;
        DependencyRules.CheckCanAdd("Phase", Id, InitiativeId, other.Id, other.InitiativeId, graph);
        _dependencies.Add(new PhaseDependency(Id, other.Id));
        graph.Add(Id, other.Id);
        Touch(now);
        return true;
    }

    public void RemoveDependency(string dependsOnPhaseId, DateTimeOffset now)
    {
        if (_dependencies.RemoveAll(d => d.DependsOnPhaseId == dependsOnPhaseId) == 0)
            throw new NotFoundException("Phase dependency", $"{Id} -> {dependsOnPhaseId}");
        Touch(now);
    }

    /// <summary>Drops the dependency on a phase that is being deleted; false when there was none.</summary>
    internal bool ForgetDependency(string dependsOnPhaseId, DateTimeOffset now)
    {
        if (_dependencies.RemoveAll(d => d.DependsOnPhaseId == dependsOnPhaseId) == 0) return false;
        Touch(now);
        return true;
    }

    public void Approve(DateTimeOffset now) => Move(PhaseStatus.Approved, "approve", now, PhaseStatus.Pending);

    public void Start(DateTimeOffset now) => Move(PhaseStatus.InProgress, "start", now, PhaseStatus.Approved);

    public void SubmitForReview(DateTimeOffset now)
        => Move(PhaseStatus.PendingReview, "submit for review", now, PhaseStatus.InProgress);

    public void Complete(DateTimeOffset now)
        => Move(PhaseStatus.Completed, "complete", now, PhaseStatus.InProgress, PhaseStatus.PendingReview);

    /// <summary>
    /// The phase branch has been merged into the initiative branch from <paramref name="mergeBase"/>.
    /// </summary>
    public void CompleteMerged(string mergeBase, DateTimeOffset now)
    {
        Complete(now);
        MergeBase = mergeBase.Length <= MaxMergeBaseLength ? mergeBase : MergeBase;
    }

    /// <summary>
    /// The branch this phase's work collects on: <c>&lt;initiative branch&gt;-phase-&lt;slug&gt;</c>, with the id
    /// appended when a
    /// sibling already took that name. Chosen once; later calls return it unchanged.
    /// </summary>
    public string EnsureBranch(Initiative initiative, IEnumerable<string?> branchesTaken)
    {
        if (Branch is not null) return Branch;
        var candidate = $"{initiative.Branch}-phase-{Initiative.Slug(Name)}";
        Branch = branchesTaken.Contains(candidate, StringComparer.Ordinal)
            ? $"{candidate}-{Id[..Math.Min(6, Id.Length)].ToLowerInvariant()}" : candidate;
        return Branch;
    }

    public void RequestChanges(DateTimeOffset now)
        => Move(PhaseStatus.InProgress, "request changes on", now, PhaseStatus.PendingReview);

    public void Block(string? reason, DateTimeOffset now)
    {
        var why = Guard.Name("reason", reason, Guard.MaxReasonLength);
        Move(PhaseStatus.Blocked, "block", now, PhaseStatus.Pending, PhaseStatus.Approved, PhaseStatus.InProgress,
            PhaseStatus.PendingReview);
        BlockedReason = why;
    }

    /// <summary>A blocked phase goes back to approved, so dispatch picks it up again.</summary>
    public void Unblock(DateTimeOffset now)
    {
        Move(PhaseStatus.Approved, "unblock", now, PhaseStatus.Blocked);
        BlockedReason = null;
    }

    private void Move(PhaseStatus to, string action, DateTimeOffset now, params PhaseStatus[] from)
    {
        if (!from.Contains(Status))
            throw new ConflictException(
                $"Cannot {action} phase '{Name}': it is {Status.ToText()}; {action} needs " +
                    $"{string.Join(" or ", from.Select(s => s.ToText()))}.",
                "Impossible transition");
        Status = to;
        Touch(now);
    }

    public PhaseSnapshot Snapshot()
        => new(Id, InitiativeId, Name, Content, Status.ToText(), MergeBase, BlockedReason, CreatedAt, UpdatedAt,
        Version, Branch);

    public static Phase FromSnapshot(PhaseSnapshot s, DateTimeOffset now)
    {
        var phase = new Phase();
        phase.Apply(s);
        phase.Recreated(s.CreatedAt, s.Version, now);
        return phase;
    }

    public void Restore(PhaseSnapshot s, DateTimeOffset now)
    {
        Apply(s);
        Touch(now);
    }

    internal void RestoreDependency(string dependsOnPhaseId)
    {
        if (_dependencies.All(d => d.DependsOnPhaseId != dependsOnPhaseId)) _dependencies.Add(new PhaseDependency(Id,
            dependsOnPhaseId));
    }

    protected override object CreatedEvent() =>
        new PhaseCreated(Id, InitiativeId, Name, Status.ToText(), [.. DependsOn], Version, UpdatedAt);

    protected override object UpdatedEvent() =>
        new PhaseUpdated(Id, InitiativeId, Name, Status.ToText(), [.. DependsOn], Version, UpdatedAt);

    protected override object DeletedEvent(DateTimeOffset at) => new PhaseDeleted(Id, InitiativeId, Version + 1, at);

    private void Apply(PhaseSnapshot s)
    {
        Id = s.Id;
        InitiativeId = s.InitiativeId;
        Name = s.Name;
        Content = s.Content;
        Status = EnumText.FromText<PhaseStatus>(s.Status);
        MergeBase = s.MergeBase;
        BlockedReason = s.BlockedReason;
        Branch = s.Branch ?? Branch;
    }
}

public sealed class PhaseDependency(string phaseId, string dependsOnPhaseId)
{
    public string PhaseId { get; private set; } = phaseId;
    public string DependsOnPhaseId { get; private set; } = dependsOnPhaseId;
}

public sealed record PhaseSnapshot(
    string Id, string InitiativeId, string Name, string? Content, string Status, string? MergeBase,
    string? BlockedReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version, string? Branch = null);
