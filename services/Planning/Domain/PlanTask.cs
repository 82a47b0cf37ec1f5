using Codewalkers.Contracts.Planning;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Domain;

/// <summary>
/// A unit of work for one agent (table <c>tasks</c>; named PlanTask to stay clear of System.Threading.Tasks.Task).
/// It belongs to an initiative, usually through a phase, and may be a subtask of another task.
/// </summary>
public sealed class PlanTask : VersionedEntity, IDependent<PlanTask>
{
    public const int MaxSummaryLength = 100_000;
    /// <summary>Automatic retries after a crash before the task is blocked for a human.</summary>
    public const int MaxAutomaticRetries = 3;

    private readonly List<TaskDependency> _dependencies = [];
    // Path lists are stored one path a line (TaskPaths.Join): they compare as text in snapshots.
    private string? _files;
    private string? _waitingForPaths;

    public string? PhaseId { get; private set; }
    public string InitiativeId { get; private set; } = "";
    public string? ParentTaskId { get; private set; }
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public TaskCategory Category { get; private set; }
    public TaskPriority Priority { get; private set; }
    public TaskStatus Status { get; private set; }
    public int Order { get; private set; }
    /// <summary>The agent's result summary, passed to dependent tasks as context.</summary>
    public string? Summary { get; private set; }
    public int RetryCount { get; private set; }
    public string? BlockedReason { get; private set; }
    /// <summary>The files and directories the task expects to touch (<see cref="TaskPaths"/>).</summary>
    public IReadOnlyList<string> Files => TaskPaths.Split(_files);
    /// <summary>The task may run beside tasks whose paths overlap its own.</summary>
    public bool AllowOverlap { get; private set; }
    /// <summary>
    /// Set by dispatch while this ready task waits for another whose paths overlap (<see cref="WaitingForPaths"/>).
    /// </summary>
    public string? WaitingForTaskId { get; private set; }
    public IReadOnlyList<string> WaitingForPaths => TaskPaths.Split(_waitingForPaths);
    public IReadOnlyCollection<TaskDependency> Dependencies => _dependencies;
    public IEnumerable<string> DependsOn => _dependencies.Select(d => d.DependsOnTaskId);

    public static string Kind => "Task";

    private PlanTask() { }

    /// <summary>
    /// A pending task of the initiative, in <c>phase</c> (null: initiative-level), under <c>parent</c> (null: top
    /// level).
    /// </summary>
    public static PlanTask Create(
        Initiative initiative, Phase? phase, PlanTask? parent, string? name, string? description,
        TaskCategory category, TaskPriority priority, int? order, DateTimeOffset now,
            IReadOnlyCollection<PlanTask>? dependsOn = null, IReadOnlyList<string?>? files = null,
                bool allowOverlap = false)
    {
        if (phase is not null && phase.InitiativeId != initiative.Id)
            throw new ValidationException("phaseId", $"Phase '{phase.Id}' belongs to another initiative.");
        if (parent is not null && parent.InitiativeId != initiative.Id)
            throw new ValidationException("parentTaskId", $"Task '{parent.Id}' belongs to another initiative.");
        var task = new PlanTask
        {
            InitiativeId = initiative.Id,
            PhaseId = phase?.Id,
            ParentTaskId = parent?.Id,
            Name = Guard.Name("name", name),
            Description = Guard.Optional("description", description, Guard.MaxDescriptionLength),
            Category = category,
            Priority = priority,
            Status = TaskStatus.Pending,
            Order = Guard.SortOrder("order", order),
            _files = TaskPaths.Join(TaskPaths.Validate("files", files ?? [])),
            AllowOverlap = allowOverlap,
        };
        task.Created(Ids.New(), now);
        // A new task has no dependents, so depending on existing tasks closes no cycle; only the initiative must match.
        foreach (var other in dependsOn ?? [])
        {
            DependencyRules.CheckCanAdd("Task", task.Id, task.InitiativeId, other.Id, other.InitiativeId,
                new DependencyGraph([]));
            if (task._dependencies.All(d
                => d.DependsOnTaskId != other.Id)) task._dependencies.Add(new TaskDependency(task.Id, other.Id));
        }
        return task;
    }

    public void Edit(string? name, string? description, TaskCategory? category, TaskPriority? priority, int? order,
        DateTimeOffset now)
    {
        if (name is not null) Name = Guard.Name("name", name);
        if (description is not null) Description = Guard.Optional("description", description,
            Guard.MaxDescriptionLength);
        Category = category ?? Category;
        Priority = priority ?? Priority;
        if (order is not null) Order = Guard.SortOrder("order", order);
        Touch(now);
    }

    /// <summary>
    /// Declares the paths the task expects to touch and whether it may overlap; null leaves either as is.
    /// </summary>
    public void Declare(IReadOnlyList<string?>? files, bool? allowOverlap, DateTimeOffset now)
    {
        var stored = files is null ? _files : TaskPaths.Join(TaskPaths.Validate("files", files));
        if (stored == _files && (allowOverlap ?? AllowOverlap) == AllowOverlap) return;
        _files = stored;
        AllowOverlap = allowOverlap ?? AllowOverlap;
        Touch(now);
    }

    /// <summary>
    /// Dispatch holds this ready task back: <paramref name="taskId"/>'s paths overlap it on <paramref name="paths"/>.
    /// False when it already waited for exactly that.
    /// </summary>
    public bool WaitFor(string taskId, IReadOnlyList<string> paths, DateTimeOffset now)
    {
        var stored = TaskPaths.Join(paths);
        if (WaitingForTaskId == taskId && _waitingForPaths == stored) return false;
        (WaitingForTaskId, _waitingForPaths) = (taskId, stored);
        Touch(now);
        return true;
    }

    /// <summary>Nothing holds the task back any more; false when nothing did.</summary>
    public bool StopWaiting(DateTimeOffset now)
    {
        if (WaitingForTaskId is null) return false;
        (WaitingForTaskId, _waitingForPaths) = (null, null);
        Touch(now);
        return true;
    }

    /// <summary>Adds "this task depends on <paramref name="other"/>"; false when it already does.</summary>
    public bool DependOn(PlanTask other, DependencyGraph graph, DateTimeOffset now)
    {
        if (_dependencies.Any(d => d.DependsOnTaskId == other.Id)) return false;
        DependencyRules.CheckCanAdd("Task", Id, InitiativeId, other.Id, other.InitiativeId, graph);
        _dependencies.Add(new TaskDependency(Id, other.Id));
        graph.Add(Id, other.Id);
        Touch(now);
        return true;
    }

    public void RemoveDependency(string dependsOnTaskId, DateTimeOffset now)
    {
        if (_dependencies.RemoveAll(d => d.DependsOnTaskId == dependsOnTaskId) == 0)
            throw new NotFoundException("Task dependency", $"{Id} -> {dependsOnTaskId}");
        Touch(now);
    }

    internal bool ForgetDependency(string dependsOnTaskId, DateTimeOffset now)
    {
        if (_dependencies.RemoveAll(d => d.DependsOnTaskId == dependsOnTaskId) == 0) return false;
        Touch(now);
        return true;
    }

    internal void RestoreDependency(string dependsOnTaskId)
    {
        if (_dependencies.All(d => d.DependsOnTaskId != dependsOnTaskId)) _dependencies.Add(new TaskDependency(Id,
            dependsOnTaskId));
    }

    public void Start(DateTimeOffset now) => Move(TaskStatus.InProgress, "start", now, TaskStatus.Pending);

    /// <summary>
    /// The work is done and waits for a reviewer; <paramref name="summary"/> is the implementer's account of it.
    /// </summary>
    public void SubmitForQualityReview(DateTimeOffset now, string? summary = null)
    {
        var text = Guard.Optional("summary", summary, MaxSummaryLength);
        Move(TaskStatus.QualityReview, "submit for quality review", now, TaskStatus.InProgress);
        Summary = text ?? Summary;
    }

    public void Complete(string? summary, DateTimeOffset now)
    {
        var text = Guard.Optional("summary", summary, MaxSummaryLength);
        Move(TaskStatus.Completed, "complete", now, TaskStatus.InProgress, TaskStatus.QualityReview);
        Summary = text ?? Summary;
    }

    public void Block(string? reason, DateTimeOffset now)
    {
        var why = Guard.Name("reason", reason, Guard.MaxReasonLength);
        Move(TaskStatus.Blocked, "block", now, TaskStatus.Pending, TaskStatus.InProgress, TaskStatus.QualityReview);
        BlockedReason = why;
    }

    /// <summary>
    /// Blocks the task for a reason Planning did not write (git's output, another service's error, an agent's words):
    /// made
    /// storable (<see cref="StorableText.Line"/>), never refused, so the message carrying it cannot fault over it.
    /// </summary>
    public void BlockFor(string? report, DateTimeOffset now) => Block(StorableText.Line(report), now);

    /// <summary>
    /// The merge of its completed work failed the project's check on the merged result: not done after all, blocked
    /// with <paramref name="report"/> until a human retries it.
    /// </summary>
    public void BlockMergedResult(string? report, DateTimeOffset now)
    {
        Move(TaskStatus.Blocked, "block", now, TaskStatus.Completed);
        BlockedReason = StorableText.Line(report);
    }

    /// <summary>A human retries a blocked task: back to pending with a fresh retry budget.</summary>
    public void Retry(DateTimeOffset now)
    {
        Move(TaskStatus.Pending, "retry", now, TaskStatus.Blocked);
        RetryCount = 0;
        BlockedReason = null;
    }

    /// <summary>
    /// Its agent could not start for a reason outside the task (a dependency's merge it starts from did not land):
    /// pending
    /// again, no retry counted; the dispatch cycle starts it once its dependencies allow.
    /// </summary>
    public void Requeue(DateTimeOffset now) => Move(TaskStatus.Pending, "requeue", now, TaskStatus.InProgress);

    /// <summary>The agent running the task crashed: pending again while retries remain, then blocked.</summary>
    public void RecordCrash(string reason, DateTimeOffset now)
    {
        if (RetryCount >= MaxAutomaticRetries)
        {
            BlockFor($"Gave up after {MaxAutomaticRetries} automatic retries: {reason}", now);
            return;
        }
        Move(TaskStatus.Pending, "retry", now, TaskStatus.InProgress);
        RetryCount++;
    }

    private void Move(TaskStatus to, string action, DateTimeOffset now, params TaskStatus[] from)
    {
        if (!from.Contains(Status))
            throw new ConflictException(
                $"Cannot {action} task '{Name}': it is {Status.ToText()}; {action} needs " +
                    $"{string.Join(" or ", from.Select(s => s.ToText()))}.",
                "Impossible transition");
        Status = to;
        // Waiting is a state of a pending task only: once it moves, nothing holds it back.
        if (to != TaskStatus.Pending) (WaitingForTaskId, _waitingForPaths) = (null, null);
        Touch(now);
    }

    public TaskSnapshot Snapshot() => new(
        Id, PhaseId, InitiativeId, ParentTaskId, Name, Description, Category.ToText(), Priority.ToText(),
        Status.ToText(), Order, Summary, RetryCount, BlockedReason, CreatedAt, UpdatedAt, Version, _files,
        AllowOverlap);

    public static PlanTask FromSnapshot(TaskSnapshot s, DateTimeOffset now)
    {
        var task = new PlanTask();
        task.Apply(s);
        task.Recreated(s.CreatedAt, s.Version, now);
        return task;
    }

    public void Restore(TaskSnapshot s, DateTimeOffset now)
    {
        Apply(s);
        Touch(now);
    }

    protected override object CreatedEvent() => new TaskCreated(
        Id, PhaseId, InitiativeId, ParentTaskId, Name, Description, Category.ToText(), Priority.ToText(),
        Status.ToText(), [.. DependsOn], Version, UpdatedAt, [.. Files], AllowOverlap);

    protected override object UpdatedEvent() => new TaskUpdated(
        Id, PhaseId, InitiativeId, ParentTaskId, Name, Description, Category.ToText(), Priority.ToText(),
        Status.ToText(), [.. DependsOn], Version, UpdatedAt, [.. Files], AllowOverlap);

    protected override object DeletedEvent(DateTimeOffset at) =>
        new TaskDeleted(Id, PhaseId, InitiativeId, Version + 1, at);

    private void Apply(TaskSnapshot s)
    {
        Id = s.Id;
        PhaseId = s.PhaseId;
        InitiativeId = s.InitiativeId;
        ParentTaskId = s.ParentTaskId;
        Name = s.Name;
        Description = s.Description;
        Category = EnumText.FromText<TaskCategory>(s.Category);
        Priority = EnumText.FromText<TaskPriority>(s.Priority);
        Status = EnumText.FromText<TaskStatus>(s.Status);
        Order = s.Order;
        Summary = s.Summary;
        RetryCount = s.RetryCount;
        BlockedReason = s.BlockedReason;
        _files = s.Files;
        AllowOverlap = s.AllowOverlap;
    }
}

public sealed class TaskDependency(string taskId, string dependsOnTaskId)
{
    public string TaskId { get; private set; } = taskId;
    public string DependsOnTaskId { get; private set; } = dependsOnTaskId;
}

public sealed record TaskSnapshot(
    string Id, string? PhaseId, string InitiativeId, string? ParentTaskId, string Name, string? Description,
    string Category, string Priority, string Status, int Order, string? Summary, int RetryCount, string? BlockedReason,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version, string? Files = null, bool AllowOverlap = false);
