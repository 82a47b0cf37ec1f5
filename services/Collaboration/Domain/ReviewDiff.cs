using System.Text;

namespace Codewalkers.Collaboration.Domain;

/// <summary>
/// One line a diff shows: <see cref="Number"/> is new-side for added and context lines, old-side for removed.
/// </summary>
public sealed record DiffLine(ReviewLineType Type, int Number, string Text);

/// <summary>A changed file of one project and the lines the diff shows of it (none for a binary file).</summary>
public sealed record FileDiff(string ProjectId, string Path, IReadOnlyList<DiffLine> Lines)
{
    public DiffLine? LineAt(ReviewLineType type, int number) =>
        Lines.FirstOrDefault(l => l.Type == type && l.Number == number);

    /// <summary>The lines shown, per type, as ranges ("added 3-7, 12"): an error says what can be commented.</summary>
    public string DescribeLines()
    {
        if (Lines.Count == 0) return "the diff shows no lines of it (a binary file or a mode change)";
        var parts = Enum.GetValues<ReviewLineType>()
            .Select(type => (type, numbers: Lines.Where(l => l.Type == type).Select(l => l.Number).Order().ToList()))
            .Where(p => p.numbers.Count > 0)
            .Select(p => $"{p.type.ToString().ToLowerInvariant()} {Ranges(p.numbers)}");
        return "the diff shows " + string.Join("; ", parts);
    }

    private static string Ranges(IReadOnlyList<int> numbers)
    {
        var ranges = new List<string>();
        for (var i = 0; i < numbers.Count;)
        {
            var j = i;
            while (j + 1 < numbers.Count && numbers[j + 1] == numbers[j] + 1) j++;
            ranges.Add(i == j ? $"{numbers[i]}" : $"{numbers[i]}-{numbers[j]}");
            i = j + 1;
        }
        return string.Join(", ", ranges);
    }
}

/// <summary>
/// The current diff of a phase or an initiative, per project, as Planning's changes routes show it (their unified
/// patch parsed into lines).
/// </summary>
public sealed class ReviewDiff(IReadOnlyList<FileDiff> files)
{
    public IReadOnlyList<FileDiff> Files { get; } = files;

    public IReadOnlyList<FileDiff> Find(string path, string? projectId = null) =>
        [.. Files.Where(f => f.Path == path && (projectId is null || f.ProjectId == projectId))];

    /// <summary>
    /// The files of one project's diff: every path its file list names, with the lines its patch shows of it.
    /// </summary>
    public static IReadOnlyList<FileDiff> ParseProject(string projectId, IEnumerable<string> paths, string patch)
    {
        var lines = UnifiedPatch.Parse(patch);
        var all = paths.Union(lines.Keys, StringComparer.Ordinal);
        return [.. all.Select(p => new FileDiff(projectId, p, lines.TryGetValue(p, out var l) ? l : []))];
    }
}

/// <summary>Reads the output of <c>git diff</c> (no colour, no renames) into the lines each file shows.</summary>
public static class UnifiedPatch
{
    public static IReadOnlyDictionary<string, IReadOnlyList<DiffLine>> Parse(string patch)
    {
        var result = new Dictionary<string, IReadOnlyList<DiffLine>>(StringComparer.Ordinal);
        string? path = null;
        List<DiffLine>? lines = null;
        int oldLine = 0, newLine = 0, oldLeft = 0, newLeft = 0;
        foreach (var raw in patch.Split('\n'))
        {
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (oldLeft > 0 || newLeft > 0)
            {
                // Inside a hunk the counts say where it ends, so a content line that looks like a header is content.
                if (line.StartsWith('\\')) continue; // "\ No newline at end of file"
                var text = line.Length > 0 ? line[1..] : "";
                switch (line.Length > 0 ? line[0] : ' ')
                {
                    case '+': lines!.Add(new DiffLine(ReviewLineType.Added, newLine++, text)); newLeft--; break;
                    case '-': lines!.Add(new DiffLine(ReviewLineType.Removed, oldLine++, text)); oldLeft--; break;
                    default:
                        lines!.Add(new DiffLine(ReviewLineType.Context, newLine++, text));
                        oldLine++; oldLeft--; newLeft--;
                        break;
                }
                continue;
            }
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                path = FromGitHeader(line["diff --git ".Length..]);
                lines = [];
                if (path is not null) result[path] = lines;
            }
            else if (line.StartsWith("+++ ", StringComparison.Ordinal) && lines is not null)
            {
                var named = Unquote(line[4..]);
                if (named != "/dev/null" && named.StartsWith("b/", StringComparison.Ordinal)) Rename(named[2..]);
            }
            else if (line.StartsWith("--- ", StringComparison.Ordinal) && lines is not null && path is null)
            {
                var named = Unquote(line[4..]);
                if (named.StartsWith("a/", StringComparison.Ordinal)) Rename(named[2..]);
            }
            else if (line.StartsWith("@@ ", StringComparison.Ordinal) && lines is not null)
            {
                (oldLine, oldLeft, newLine, newLeft) = HunkHeader(line);
            }
        }
        return result;

        void Rename(string named)
        {
            if (path == named) return;
            if (path is not null) result.Remove(path);
            path = named;
            result[path] = lines!;
        }
    }

    /// <summary><c>@@ -a,b +c,d @@</c>: where the hunk starts on each side and how many lines it has there.</summary>
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
                ? (int.Parse(text, System.Globalization.CultureInfo.InvariantCulture), 1)
                : (int.Parse(text[..comma], System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(text[(comma + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// "a/x b/x": the path, when both sides name the same one (no renames are asked for); the ---/+++ lines settle it
    /// otherwise.
    /// </summary>
    private static string? FromGitHeader(string names)
    {
        if (names.StartsWith('"')) return null;
        if (!names.StartsWith("a/", StringComparison.Ordinal) || names.Length % 2 == 0) return null;
        var half = (names.Length - 1) / 2;
        var (left, right) = (names[..half], names[(half + 1)..]);
        return right.StartsWith("b/", StringComparison.Ordinal) && left[2..] == right[2..] ? left[2..] : null;
    }

    /// <summary>Git quotes a path with unusual characters C-style; octal bytes and simple escapes are undone.</summary>
    private static string Unquote(string name)
    {
        var end = name.IndexOf('\t');
        if (end >= 0 && !name.StartsWith('"')) name = name[..end];
        if (name.Length < 2 || !name.StartsWith('"') || !name.EndsWith('"')) return name;
        var bytes = new List<byte>();
        for (var i = 1; i < name.Length - 1; i++)
        {
            var c = name[i];
            if (c != '\\') { bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString())); continue; }
            var next = name[++i];
            if (next is >= '0' and <= '7')
            {
                bytes.Add(Convert.ToByte(name.Substring(i, 3), 8));
                i += 2;
                continue;
            }
            bytes.Add((byte)(next switch { 't' => '\t', 'n' => '\n', '"' => '"', '\\' => '\\', _ => next }));
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }
}
