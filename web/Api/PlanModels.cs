using System.Text.Json;

namespace Codewalkers.Web.Api;

// The Planning service's answers as the plan views read them (services/Planning/Apis/Responses.cs, TreeApi.cs,
// AssignmentResponse.cs). Ids stay strings as the service spells them.

/// <summary>A page of a growing list: <c>skip</c>/<c>take</c> in the query, the total alongside.</summary>
public sealed record PlanPaged<T>(IReadOnlyList<T> Items, int Total, int Skip, int Take);

public sealed record PlanInitiative(
    string Id, string Name, string Status, string Branch, bool BranchLocked, string ExecutionMode, bool QualityReview,
    IReadOnlyList<string> ProjectIds, string RootPageId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    long Version, DateTimeOffset? ExecutionStartedAt, IReadOnlyList<string>? Providers = null,
    string? VerifyCommand = null);

public sealed record PlanProject(string Id, string Name, string Url, string DefaultBranch);

/// <summary>A page in the tree listing: no content.</summary>
public sealed record PlanPageSummary(string Id, string? ParentPageId, string Title, int SortOrder, long Version);

/// <summary>One page: its content as stored (Tiptap JSON).</summary>
public sealed record PlanPage(
    string Id, string InitiativeId, string? ParentPageId, string Title, JsonElement? Content, string Markdown,
    int SortOrder, long Version);

public sealed record PlanTreePhase(string Id, string Name, string Status, DateTimeOffset CreatedAt, long Version);

public sealed record PlanTreeTask(
    string Id, string? PhaseId, string? ParentTaskId, string Name, string Category, string Priority, string Status,
    int Order, int RetryCount, long Version);

/// <summary><c>From</c> depends on <c>To</c>.</summary>
public sealed record PlanDependency(string From, string To);

public sealed record PlanTree(
    string InitiativeId, string Name, string Status, IReadOnlyList<PlanTreePhase> Phases,
    IReadOnlyList<PlanTreeTask> Tasks, IReadOnlyList<PlanDependency> PhaseDependencies,
    IReadOnlyList<PlanDependency> TaskDependencies)
{
    /// <summary>Completed tasks out of all, for a progress bar.</summary>
    public (int Done, int Total) Progress => (Tasks.Count(t => t.Status == "completed"), Tasks.Count);
}

public sealed record PlanProposal(
    string Id, string InitiativeId, string AgentId, string TargetType, string? TargetId, string Title,
    string? Summary, string? Content, JsonElement? Metadata, string Status, int SortOrder, string? AppliedEntityId,
    string? ChangeSetId);

/// <summary>An architect (or task) agent run: requested -> running -> finished | failed (with error).</summary>
public sealed record PlanAssignment(
    string Id, string Kind, string Mode, string InitiativeId, string? PhaseId, string? TaskId, string? AgentId,
    string? AgentName, string Status, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public bool IsActive => Status is "requested" or "running";
}

/// <summary>One phase with what it delivers (Tiptap JSON, as pages store it).</summary>
public sealed record PlanPhase(
    string Id, string InitiativeId, string Name, JsonElement? Content, string Status, string? BlockedReason,
    IReadOnlyList<string> DependsOn, long Version);
