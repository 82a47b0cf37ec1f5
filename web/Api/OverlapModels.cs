namespace Codewalkers.Web.Api;

// Declared files and predicted overlaps of tasks (services/Planning/Apis/Responses.cs TaskResponse, OverlapsApi.cs).

/// <summary>The part of a task the plan view reads for its files: what it declared and what it waits for.</summary>
public sealed record PlanTaskFiles(
    string Id, string? PhaseId, string Name, long Version, IReadOnlyList<string> Files, bool AllowOverlap,
    PlanTaskWait? WaitingFor);

/// <summary>Dispatch holds the task back until <c>TaskId</c>'s work on <c>Paths</c> is merged.</summary>
public sealed record PlanTaskWait(string TaskId, IReadOnlyList<string> Paths);

public sealed record OverlapTask(string Id, string Name, string? PhaseId, string Status);

/// <summary>
/// Two tasks whose paths overlap; <c>First</c> is the older. <c>Source</c>: declared | observed. <c>Handling</c>:
/// waits | ordered | allowed | other_phase.
/// </summary>
public sealed record TaskOverlap(OverlapTask First, OverlapTask Second, IReadOnlyList<string> Paths, string Source,
    string Handling);

public sealed record ObservedTaskFiles(string TaskId, IReadOnlyList<string> Files);

public sealed record InitiativeOverlaps(string InitiativeId, IReadOnlyList<TaskOverlap> Overlaps,
    IReadOnlyList<ObservedTaskFiles> Observed);
