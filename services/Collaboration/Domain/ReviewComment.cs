using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Collaboration.Domain;

/// <summary>
/// Which side of a diff a line is on: added and context lines count new-side, removed lines old-side.
/// </summary>
public enum ReviewLineType { Added, Removed, Context }

/// <summary>
/// A comment on one line of a phase's or an initiative's diff, or a reply in its thread. The first comment of a thread
/// carries the thread's state (resolved, outdated) and its anchor: the file, the line and the line's text, so the
/// comment can follow its line when the branch moves on (<see cref="ReviewAnchors"/>). Replies point at the first
/// comment (<see cref="ParentCommentId"/>); threads are one level deep.
/// </summary>
public sealed class ReviewComment
{
    /// <summary>A comment is read by people and put into a review agent's prompt: it must fit there.</summary>
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxAuthorLength = 200;
    public const int MaxFilePathLength = 4096;
    public const string DefaultAuthor = "you";

    public string Id { get; private set; } = "";
    public string? PhaseId { get; private set; }
    public string? InitiativeId { get; private set; }
    public string ProjectId { get; private set; } = "";
    public string FilePath { get; private set; } = "";
    public int LineNumber { get; private set; }
    public ReviewLineType LineType { get; private set; }
    /// <summary>The commented line's text when it was commented (or last found): what re-anchoring looks for.</summary>
    public string LineText { get; private set; } = "";
    public string Body { get; private set; } = "";
    public string Author { get; private set; } = DefaultAuthor;
    /// <summary>Set when an agent wrote the comment (a review agent's reply).</summary>
    public string? AuthorAgentId { get; private set; }
    public bool Resolved { get; private set; }
    /// <summary>The line is no longer in the diff; the comment stays, marked, with its last known place.</summary>
    public bool Outdated { get; private set; }
    public string? ParentCommentId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsThread => ParentCommentId is null;

    private ReviewComment() { }

    public static ReviewComment Create(
        string id, ReviewScope scope, string projectId, DiffLine line, string filePath, string? body, string? author,
        DateTimeOffset now)
    {
        now = now.TruncatedForStorage();
        return new ReviewComment
        {
            Id = id, PhaseId = scope.PhaseId, InitiativeId = scope.InitiativeId, ProjectId = projectId,
            FilePath = filePath, LineNumber = line.Number, LineType = line.Type, LineText = line.Text,
            Body = RequireBody(body), Author = AuthorOrDefault(author), CreatedAt = now, UpdatedAt = now,
        };
    }

    /// <summary>A reply joins <paramref name="thread"/>, given by its first comment.</summary>
    public static ReviewComment Reply(
        string id, ReviewComment thread, string? body, string? author, string? authorAgentId, DateTimeOffset now)
    {
        if (!thread.IsThread) throw new InvalidOperationException("Replies go to the first comment of a thread.");
        now = now.TruncatedForStorage();
        return new ReviewComment
        {
            Id = id, PhaseId = thread.PhaseId, InitiativeId = thread.InitiativeId, ProjectId = thread.ProjectId,
            FilePath = thread.FilePath, LineNumber = thread.LineNumber, LineType = thread.LineType,
            LineText = thread.LineText, Body = RequireBody(body), Author = AuthorOrDefault(author),
            AuthorAgentId = authorAgentId, ParentCommentId = thread.Id, CreatedAt = now, UpdatedAt = now,
        };
    }

    public void Resolve(bool resolved, DateTimeOffset now)
    {
        if (Resolved == resolved) return;
        (Resolved, UpdatedAt) = (resolved, now.TruncatedForStorage());
    }

    /// <summary>Applies what <see cref="ReviewAnchors"/> found; true when anything changed.</summary>
    public bool Anchor(Anchoring anchoring, DateTimeOffset now)
    {
        var (number, type, outdated) = anchoring switch
        {
            Anchoring.Found found => (found.Line.Number, found.Line.Type, false),
            _ => (LineNumber, LineType, true),
        };
        if (number == LineNumber && type == LineType && outdated == Outdated) return false;
        (LineNumber, LineType, Outdated, UpdatedAt) = (number, type, outdated, now.TruncatedForStorage());
        return true;
    }

    public static string RequireBody(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) throw new ValidationException("body", "must not be empty.");
        if (System.Text.Encoding.UTF8.GetByteCount(body) > MaxBodyBytes)
        {
            throw new ValidationException("body", $"must be at most {MaxBodyBytes} bytes (UTF-8).");
        }
        return body;
    }

    private static string AuthorOrDefault(string? author)
    {
        if (author is null) return DefaultAuthor;
        var trimmed = author.Trim();
        if (trimmed.Length == 0) throw new ValidationException("author", "must not be blank (leave it out for 'you').");
        return trimmed.Length > MaxAuthorLength
            ? throw new ValidationException("author", $"must be at most {MaxAuthorLength} characters.")
            : trimmed;
    }
}

/// <summary>What a comment is about: a phase's diff or an initiative's, exactly one.</summary>
public sealed record ReviewScope(string? PhaseId, string? InitiativeId)
{
    public static ReviewScope Of(string? phaseId, string? initiativeId) =>
        (string.IsNullOrWhiteSpace(phaseId), string.IsNullOrWhiteSpace(initiativeId)) switch
        {
            (false, true) => new ReviewScope(phaseId, null),
            (true, false) => new ReviewScope(null, initiativeId),
            _ => throw new ValidationException("phaseId", "Give exactly one of phaseId or initiativeId."),
        };

    public string Describe() => PhaseId is not null ? $"phase '{PhaseId}'" : $"initiative '{InitiativeId}'";
}
