using System.Text.Json;
using Codewalkers.Planning.Domain;
using Codewalkers.SharedKernel;

namespace Codewalkers.Planning.Apis;

public sealed record InitiativeResponse(
    string Id, string Name, string Status, string Branch, bool BranchLocked, string ExecutionMode, bool QualityReview,
    IReadOnlyList<string> ProjectIds, string RootPageId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    long Version, DateTimeOffset? ExecutionStartedAt, IReadOnlyList<string> Providers, string? VerifyCommand)
{
    public static InitiativeResponse From(Initiative i, bool branchLocked, string rootPageId) => new(
        i.Id, i.Name, i.Status.ToText(), i.Branch, branchLocked, i.ExecutionMode.ToText(), i.QualityReview,
        [.. i.Projects.Select(p => p.ProjectId).Order(StringComparer.Ordinal)], rootPageId, i.CreatedAt, i.UpdatedAt,
        i.Version, i.ExecutionStartedAt, i.Providers, i.VerifyCommand);
}

/// <summary>One page: its content as stored (Tiptap JSON) and as markdown, the way agents read it.</summary>
public sealed record PageResponse(
    string Id, string InitiativeId, string? ParentPageId, string Title, JsonElement? Content, string Markdown,
    int SortOrder, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version)
{
    public static PageResponse From(Page p) => new(
        p.Id, p.InitiativeId, p.ParentPageId, p.Title, ApiSupport.ContentJson(p.Content),
        Assignments.TiptapMarkdown.ToMarkdown(p.Content), p.SortOrder, p.CreatedAt, p.UpdatedAt, p.Version);
}

/// <summary>A page in a listing: no content, so the whole tree is one small answer.</summary>
public sealed record PageSummary(string Id, string? ParentPageId, string Title, int SortOrder, long Version);

public sealed record PhaseResponse(
    string Id, string InitiativeId, string Name, JsonElement? Content, string Status, string? MergeBase,
    string? BlockedReason, IReadOnlyList<string> DependsOn, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    long Version, string? Branch)
{
    public static PhaseResponse From(Phase p) => new(
        p.Id, p.InitiativeId, p.Name, ApiSupport.ContentJson(p.Content), p.Status.ToText(), p.MergeBase,
        p.BlockedReason, [.. p.DependsOn.Order(StringComparer.Ordinal)], p.CreatedAt, p.UpdatedAt, p.Version, p.Branch);
}

public sealed record TaskResponse(
    string Id, string? PhaseId, string InitiativeId, string? ParentTaskId, string Name, string? Description,
    string Category, string Priority, string Status, int Order, string? Summary, int RetryCount, string? BlockedReason,
    IReadOnlyList<string> DependsOn, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version,
    IReadOnlyList<string> Files, bool AllowOverlap, TaskWaitResponse? WaitingFor)
{
    public static TaskResponse From(PlanTask t) => new(
        t.Id, t.PhaseId, t.InitiativeId, t.ParentTaskId, t.Name, t.Description, t.Category.ToText(),
        t.Priority.ToText(), t.Status.ToText(), t.Order, t.Summary, t.RetryCount, t.BlockedReason,
        [.. t.DependsOn.Order(StringComparer.Ordinal)],
        t.CreatedAt, t.UpdatedAt, t.Version, t.Files, t.AllowOverlap,
        t.WaitingForTaskId is null ? null : new TaskWaitResponse(t.WaitingForTaskId, t.WaitingForPaths));
}

/// <summary>Dispatch holds a ready task back until <c>TaskId</c>'s work on <c>Paths</c> is merged.</summary>
public sealed record TaskWaitResponse(string TaskId, IReadOnlyList<string> Paths);

public sealed record ProposalResponse(
    string Id, string InitiativeId, string AgentId, string TargetType, string? TargetId, string Title, string? Summary,
    string? Content, JsonElement? Metadata, string Status, int SortOrder, string? AppliedEntityId, string? ChangeSetId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version)
{
    public static ProposalResponse From(Proposal p) => new(
        p.Id, p.InitiativeId, p.AgentId, p.TargetType.ToText(), p.TargetId, p.Title, p.Summary, p.Content,
        ApiSupport.ContentJson(p.Metadata), p.Status.ToText(), p.SortOrder, p.AppliedEntityId, p.ChangeSetId,
            p.CreatedAt, p.UpdatedAt, p.Version);
}

public sealed record ChangeSetEntryResponse(int Sequence, string EntityType, string EntityId, string Action,
    JsonElement? Before, JsonElement? After);

public sealed record ChangeSetResponse(
    string Id, string InitiativeId, string? AgentId, string Source, string Description, DateTimeOffset CreatedAt,
    DateTimeOffset? RevertedAt, IReadOnlyList<ChangeSetEntryResponse> Entries)
{
    public static ChangeSetResponse From(ChangeSet c, bool withEntries = true) => new(
        c.Id, c.InitiativeId, c.AgentId, c.Source, c.Description, c.CreatedAt, c.RevertedAt,
        withEntries
            ? [.. c.Entries.OrderBy(e => e.Sequence).Select(e => new ChangeSetEntryResponse(
                e.Sequence, e.EntityType, e.EntityId, e.Action.ToText(), ApiSupport.ContentJson(e.Before),
                    ApiSupport.ContentJson(e.After)))]
            : []);
}
