namespace Codewalkers.Collaboration.Domain;

/// <summary>Where a comment's line is in the current diff: found (perhaps moved), or gone.</summary>
public abstract record Anchoring
{
    public sealed record Found(DiffLine Line) : Anchoring;

    public sealed record Gone : Anchoring;
}

/// <summary>
/// Comments survive a later push to the branch: a comment is anchored by its file, line number and the line's text.
/// When the diff changes, the comment stays where its text still is; a line that moved is followed to the nearest
/// line of the same side with the same text; a line that is gone leaves the comment outdated (kept, never dropped).
/// </summary>
public static class ReviewAnchors
{
    public static Anchoring Locate(ReviewComment comment, ReviewDiff diff) =>
        Locate(diff.Find(comment.FilePath, comment.ProjectId).FirstOrDefault(), comment.LineType, comment.LineNumber,
            comment.LineText);

    public static Anchoring Locate(FileDiff? file, ReviewLineType type, int number, string text)
    {
        if (file is null) return new Anchoring.Gone();
        if (file.LineAt(type, number) is { } same && same.Text == text) return new Anchoring.Found(same);
        // An added line can become context (and back) when the base moves; a removed line stays on the old side.
        var candidates = file.Lines.Where(l => l.Text == text && SameSide(l.Type, type));
        var nearest = candidates
            .OrderBy(l => Math.Abs(l.Number - number))
            .ThenBy(l => l.Type == type ? 0 : 1)
            .ThenBy(l => l.Number)
            .FirstOrDefault();
        return nearest is null ? new Anchoring.Gone() : new Anchoring.Found(nearest);
    }

    private static bool SameSide(ReviewLineType a, ReviewLineType b) =>
        (a == ReviewLineType.Removed) == (b == ReviewLineType.Removed);
}
