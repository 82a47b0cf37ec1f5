using Codewalkers.Collaboration.Domain;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Validation;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Apis;

/// <summary>
/// Review comments on a phase's or an initiative's diff, in threads. A comment goes only on a line the current diff
/// shows (read fresh from Planning); listing re-anchors the threads to the current diff (<see cref="ReviewAnchors"/>).
/// </summary>
public static class ReviewCommentsApi
{
    public sealed record CreateRequest(
        string? PhaseId, string? InitiativeId, string? FilePath, int? LineNumber, string? LineType, string? Body,
        string? Author = null, string? ProjectId = null);

    public sealed record ReplyRequest(string? Body, string? Author = null);

    public sealed record ReviewCommentResponse(
        string Id, string? PhaseId, string? InitiativeId, string ProjectId, string FilePath, int LineNumber,
        string LineType, string LineText, string Body, string Author, string? AuthorAgentId, bool Resolved,
        bool Outdated, string? ParentCommentId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        IReadOnlyList<ReviewCommentResponse>? Replies)
    {
        public static ReviewCommentResponse From(ReviewComment c, IEnumerable<ReviewComment>? replies = null) => new(
            c.Id, c.PhaseId, c.InitiativeId, c.ProjectId, c.FilePath, c.LineNumber, c.LineType.ToText(), c.LineText,
            c.Body, c.Author, c.AuthorAgentId, c.Resolved, c.Outdated, c.ParentCommentId, c.CreatedAt, c.UpdatedAt,
            replies is null ? null : [.. replies.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Select(r => From(r))]);
    }

    public static IEndpointRouteBuilder MapReviewCommentsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/review-comments").WithTags("Review comments").CheckRequestShapes();
        group.MapGet("/", ListAsync).WithName("ListReviewComments")
            .WithSummary("The threads of a phase's or an initiative's diff, re-anchored to the current diff.");
        group.MapPost("/", CreateAsync).WithName("CreateReviewComment")
            .WithSummary("Comments on a line the current diff shows; starts a thread.");
        group.MapGet("/{id}", GetAsync).WithName("GetReviewComment")
            .WithSummary("One comment's thread.");
        group.MapPost("/{id}/replies", ReplyAsync).WithName("ReplyToReviewComment")
            .WithSummary("Replies in the comment's thread.");
        group.MapPost("/{id}/resolve", (string id, CollaborationDbContext db, CancellationToken ct) =>
            ResolveAsync(id, true, db, ct)).WithName("ResolveReviewComment")
            .WithSummary("Marks the comment's thread resolved.");
        group.MapPost("/{id}/unresolve", (string id, CollaborationDbContext db, CancellationToken ct) =>
            ResolveAsync(id, false, db, ct)).WithName("UnresolveReviewComment")
            .WithSummary("Opens the comment's thread again.");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteReviewComment")
            .WithSummary("Deletes a reply, or a thread with its replies.");
        return routes;
    }

    private static async Task<Ok<ReviewCommentResponse[]>> ListAsync(
        string? phaseId, string? initiativeId, bool? resolved, CollaborationDbContext db, PlanChangesClient plan,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var scope = ReviewScope.Of(phaseId, initiativeId);
        var comments = await db.ReviewComments
            .Where(c => scope.PhaseId != null ? c.PhaseId == scope.PhaseId : c.InitiativeId == scope.InitiativeId)
            .ToListAsync(cancellationToken);
        var threads = comments.Where(c => c.IsThread).ToList();
        if (threads.Count > 0)
        {
            await ReanchorAsync(threads, scope, plan, loggers, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        var replies = comments.Where(c => !c.IsThread).ToLookup(c => c.ParentCommentId!);
        return TypedResults.Ok(threads
            .Where(t => resolved is null || t.Resolved == resolved)
            .OrderBy(t => t.FilePath, StringComparer.Ordinal).ThenBy(t => t.LineNumber).ThenBy(t => t.CreatedAt)
            .ThenBy(t => t.Id)
            .Select(t => ReviewCommentResponse.From(t, replies[t.Id])).ToArray());
    }

    /// <summary>
    /// Moves each thread to where its line is now, or marks it outdated. Without a diff (Planning unreachable, the
    /// branch not readable) the comments are shown where they were last seen rather than not at all.
    /// </summary>
    private static async Task ReanchorAsync(
        IReadOnlyList<ReviewComment> threads, ReviewScope scope, PlanChangesClient plan, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        ReviewDiff diff;
        try { diff = await plan.DiffAsync(scope, cancellationToken); }
        catch (ProblemException ex)
        {
            loggers.CreateLogger(typeof(ReviewCommentsApi)).LogWarning(
                "Review comments of {Scope} shown unanchored: {Problem}", scope.Describe(), ex.Message);
            return;
        }
        var now = DateTimeOffset.UtcNow;
        foreach (var thread in threads) thread.Anchor(ReviewAnchors.Locate(thread, diff), now);
    }

    private static async Task<Created<ReviewCommentResponse>> CreateAsync(
        CreateRequest request, CollaborationDbContext db, PlanChangesClient plan, CancellationToken cancellationToken)
    {
        var scope = ReviewScope.Of(request.PhaseId, request.InitiativeId);
        ReviewComment.RequireBody(request.Body);
        if (string.IsNullOrWhiteSpace(request.FilePath))
            throw new ValidationException("filePath", "is required: the path of a file in the diff.");
        if (request.FilePath.Length > ReviewComment.MaxFilePathLength)
            throw new ValidationException("filePath", $"must be at most {ReviewComment.MaxFilePathLength} characters.");
        if (request.LineNumber is not > 0)
            throw new ValidationException("lineNumber", "is required: a line number of at least 1.");
        if (request.LineType is null)
            throw new ValidationException("lineType", "is required: added, removed or context.");
        var lineType = EnumText.Parse<ReviewLineType>("lineType", request.LineType);

        var diff = await plan.DiffAsync(scope, cancellationToken);
        var file = OneFile(diff, scope, request.FilePath, request.ProjectId);
        var line = file.LineAt(lineType, request.LineNumber.Value) ?? throw new ValidationException("lineNumber",
            $"Line {request.LineNumber} ({lineType.ToText()}) of '{file.Path}' is not in the diff of " +
            $"{scope.Describe()}: {file.DescribeLines()}.");
        var comment = ReviewComment.Create(
            Ids.New(), scope, file.ProjectId, line, file.Path, request.Body, request.Author, DateTimeOffset.UtcNow);
        db.ReviewComments.Add(comment);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/review-comments/{comment.Id}", ReviewCommentResponse.From(comment, []));
    }

    private static FileDiff OneFile(ReviewDiff diff, ReviewScope scope, string path, string? projectId)
    {
        var found = diff.Find(path, projectId);
        if (found.Count == 1) return found[0];
        if (found.Count > 1)
        {
            throw new ValidationException("projectId", $"'{path}' changed in several projects of {scope.Describe()} " +
                $"({string.Join(", ", found.Select(f => f.ProjectId))}): give projectId.");
        }
        var changed = diff.Files.Select(f => f.Path).Distinct().Order(StringComparer.Ordinal).ToList();
        var more = changed.Count > 20 ? $" and {changed.Count - 20} more" : "";
        var listed = changed.Count == 0 ? "it changes no file"
            : $"it changes {string.Join(", ", changed.Take(20))}{more}";
        throw new ValidationException("filePath",
            $"'{path}' is not in the diff of {scope.Describe()}" +
            (projectId is null ? "" : $" in project '{projectId}'") + $": {listed}.");
    }

    private static async Task<Ok<ReviewCommentResponse>> GetAsync(
        string id, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        var thread = await ThreadOfAsync(db, id, cancellationToken);
        return TypedResults.Ok(await ResponseAsync(db, thread, cancellationToken));
    }

    private static async Task<Created<ReviewCommentResponse>> ReplyAsync(
        string id, ReplyRequest request, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        var thread = await ThreadOfAsync(db, id, cancellationToken);
        var reply = ReviewComment.Reply(Ids.New(), thread, request.Body, request.Author, null, DateTimeOffset.UtcNow);
        db.ReviewComments.Add(reply);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/review-comments/{reply.Id}", ReviewCommentResponse.From(reply));
    }

    private static async Task<Ok<ReviewCommentResponse>> ResolveAsync(
        string id, bool resolved, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        var thread = await ThreadOfAsync(db, id, cancellationToken);
        thread.Resolve(resolved, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ResponseAsync(db, thread, cancellationToken));
    }

    private static async Task<NoContent> DeleteAsync(
        string id, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        _ = await db.ReviewComments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("Review comment", id);
        // A thread goes with its replies, in one statement.
        await db.ReviewComments.Where(c => c.Id == id || c.ParentCommentId == id).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The first comment of the thread <paramref name="id"/> belongs to (itself, or its parent).</summary>
    internal static async Task<ReviewComment> ThreadOfAsync(
        CollaborationDbContext db, string id, CancellationToken cancellationToken)
    {
        var comment = await db.ReviewComments.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("Review comment", id);
        return comment.IsThread ? comment
            : await db.ReviewComments.SingleAsync(c => c.Id == comment.ParentCommentId, cancellationToken);
    }

    private static async Task<ReviewCommentResponse> ResponseAsync(
        CollaborationDbContext db, ReviewComment thread, CancellationToken cancellationToken) =>
        ReviewCommentResponse.From(thread, await db.ReviewComments.AsNoTracking()
            .Where(c => c.ParentCommentId == thread.Id).ToListAsync(cancellationToken));
}
