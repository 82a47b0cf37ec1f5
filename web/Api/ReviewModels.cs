namespace Codewalkers.Web.Api;

// The shapes of the review routes: Planning's diff per project (services/Planning/Apis/ExecutionApi.cs over the
// Agents service's WorkspaceApi.DiffResponse) and Collaboration's review comments (ReviewCommentsApi.cs).

public sealed record ReviewProjectChanges(string ProjectId, string ProjectName, string Base, string Head,
    ReviewChanges? Changes);

public sealed record ReviewChanges(IReadOnlyList<ReviewChangedFile>? Files, string? Patch);

public sealed record ReviewChangedFile(string Status, string Path);

public sealed record ReviewComment(
    string Id, string? PhaseId, string? InitiativeId, string ProjectId, string FilePath, int LineNumber,
    string LineType, string LineText, string Body, string Author, string? AuthorAgentId, bool Resolved,
    bool Outdated, string? ParentCommentId, DateTimeOffset CreatedAt, IReadOnlyList<ReviewComment>? Replies);

/// <summary>What POST /api/review-comments takes: exactly one of phaseId and initiativeId.</summary>
public sealed record NewReviewComment(
    string? PhaseId, string? InitiativeId, string ProjectId, string FilePath, int LineNumber, string LineType,
    string Body);
