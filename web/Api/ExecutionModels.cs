namespace Codewalkers.Web.Api;

// The shapes of Planning's and the Agents service's answers the execution and review tabs read
// (services/Planning/Apis/TreeApi.cs, Responses.cs, ExecutionApi.cs; services/Agents/Apis/AgentResponses.cs).

public sealed record ExecutionTree(
    string InitiativeId, string Name, string Status, IReadOnlyList<ExecutionTreePhase> Phases,
    IReadOnlyList<ExecutionTreeTask> Tasks, IReadOnlyList<ExecutionDependency> PhaseDependencies,
    IReadOnlyList<ExecutionDependency> TaskDependencies);

public sealed record ExecutionTreePhase(string Id, string Name, string Status, DateTimeOffset CreatedAt);

public sealed record ExecutionTreeTask(
    string Id, string? PhaseId, string Name, string Category, string Priority, string Status, int Order,
    int RetryCount);

/// <summary><c>From</c> depends on <c>To</c>.</summary>
public sealed record ExecutionDependency(string From, string To);

public sealed record ExecutionInitiative(string Id, string Name, string Status, string Branch, string ExecutionMode,
    DateTimeOffset? ExecutionStartedAt);

/// <summary>A phase or a task as the list routes give it: only what the tree leaves out is read.</summary>
public sealed record ExecutionBlockedItem(string Id, string? BlockedReason);

public sealed record ExecutionPage<T>(IReadOnlyList<T> Items, int Total);

public sealed record ExecutionAgent(
    string Id, string Name, string Status, string? StatusReason, string Mode, string? TaskId, string? InitiativeId,
    DateTimeOffset CreatedAt)
{
    /// <summary>Still at work or waiting on someone: its output is worth following and it can be stopped.</summary>
    public bool IsActive => Status is "running" or "waiting_for_input";
}

public sealed record ExecutionMerge(
    string Id, string Kind, string? PhaseId, string? TaskId, string ProjectId, string SourceBranch,
    string TargetBranch, string Status, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);
