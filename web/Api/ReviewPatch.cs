using System.Globalization;

namespace Codewalkers.Web.Api;

/// <summary>
/// One row of a file's diff as the review tab shows it: a hunk header, or a line with its number on each side.
/// <see cref="Number"/> is the number a review comment names (new side for added and context, old side for removed,
/// as docs/reviews.md counts them).
/// </summary>
public sealed record ReviewDiffRow(string? Hunk, string LineType, int? OldNumber, int? NewNumber, string Text)
{
    public int Number => LineType == "removed" ? OldNumber!.Value : NewNumber!.Value;
}

public sealed record ReviewFileDiff(string ProjectId, string ProjectName, string Path, string Status,
    IReadOnlyList<ReviewDiffRow> Rows);

/// <summary>
/// Reads <c>git diff</c> output (no colour, no renames) into rows per file, counting lines as Collaboration does
/// (services/Collaboration/Domain/ReviewDiff.cs), so a comment lands on the line the user clicked.
/// </summary>
public static class ReviewPatch
{
    public static IReadOnlyList<ReviewFileDiff> Files(ReviewProjectChanges project)
    {
        var rows = Parse(project.Changes?.Patch ?? "");
        var listed = project.Changes?.Files ?? [];
        var paths = listed.Select(f => f.Path).Union(rows.Keys, StringComparer.Ordinal);
        return [.. paths.Select(path => new ReviewFileDiff(project.ProjectId, project.ProjectName, path,
            listed.FirstOrDefault(f => f.Path == path)?.Status ?? "modified",
            rows.TryGetValue(path, out var found) ? found : []))];
    }

    public static IReadOnlyDictionary<string, IReadOnlyList<ReviewDiffRow>> Parse(string patch)
    {
        var result = new Dictionary<string, IReadOnlyList<ReviewDiffRow>>(StringComparer.Ordinal);
        string? path = null;
        List<ReviewDiffRow>? rows = null;
        int oldLine = 0, newLine = 0, oldLeft = 0, newLeft = 0;
        foreach (var raw in patch.Split('\n'))
        {
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (oldLeft > 0 || newLeft > 0)
            {
                // Inside a hunk its counts say where it ends: a content line that looks like a header is content.
                if (line.StartsWith('\\')) continue;
                var text = line.Length > 0 ? line[1..] : "";
                switch (line.Length > 0 ? line[0] : ' ')
                {
                    case '+': rows!.Add(new(null, "added", null, newLine++, text)); newLeft--; break;
                    case '-': rows!.Add(new(null, "removed", oldLine++, null, text)); oldLeft--; break;
                    default:
                        rows!.Add(new(null, "context", oldLine++, newLine++, text));
                        oldLeft--; newLeft--;
                        break;
                }
                continue;
            }
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                path = FromGitHeader(line["diff --git ".Length..]);
                rows = [];
                if (path is not null) result[path] = rows;
            }
            else if (line.StartsWith("+++ b/", StringComparison.Ordinal) && rows is not null) Rename(line[6..]);
            else if (line.StartsWith("--- a/", StringComparison.Ordinal) && rows is not null && path is null)
                Rename(line[6..]);
            else if (line.StartsWith("@@ ", StringComparison.Ordinal) && rows is not null)
            {
                (oldLine, oldLeft, newLine, newLeft) = HunkHeader(line);
                rows.Add(new(line, "hunk", null, null, ""));
            }
        }
        return result;

        void Rename(string named)
        {
            if (path == named) return;
            if (path is not null) result.Remove(path);
            path = named;
            result[path] = rows!;
        }
    }

    /// <summary><c>a/x b/x</c>: the path when both sides name the same one (a rename is read from +++/---).</summary>
    private static string? FromGitHeader(string names)
    {
        var half = names.Length / 2;
        if (names.Length % 2 == 1 && names[half] == ' ' && names.StartsWith("a/", StringComparison.Ordinal)
            && names[(half + 1)..].StartsWith("b/", StringComparison.Ordinal) && names[2..half] == names[(half + 3)..])
            return names[2..half];
        return null;
    }

    private static (int OldStart, int OldCount, int NewStart, int NewCount) HunkHeader(string line)
    {
        var parts = line.Split(' ');
        var (oldStart, oldCount) = Range(parts[1][1..]);
        var (newStart, newCount) = Range(parts[2][1..]);
        return (oldStart, oldCount, newStart, newCount);

        static (int, int) Range(string text)
        {
            var comma = text.IndexOf(',');
            return comma < 0
                ? (int.Parse(text, CultureInfo.InvariantCulture), 1)
                : (int.Parse(text[..comma], CultureInfo.InvariantCulture),
                    int.Parse(text[(comma + 1)..], CultureInfo.InvariantCulture));
        }
    }
}
