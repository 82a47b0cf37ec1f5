using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Domain;

/// <summary>
/// The files and directories a task expects to touch: repository-relative paths, a directory written with a trailing
/// <c>/</c> ("src/orders/"). Two paths overlap when they are equal or one is a directory holding the other.
/// </summary>
public static class TaskPaths
{
    public const int MaxEntries = 100;
    public const int MaxLength = 500;

    /// <summary>
    /// The checked list (trimmed, backslashes as slashes, duplicates dropped, in the given order); a bad entry is a
    /// 400 naming it.
    /// </summary>
    public static IReadOnlyList<string> Validate(string field, IEnumerable<string?> paths)
    {
        var result = new List<string>();
        foreach (var raw in paths)
        {
            var path = raw?.Trim().Replace('\\', '/') ?? "";
            if (path.Length == 0) throw Bad(field, raw, "is empty");
            if (path.Length > MaxLength) throw Bad(field, path[..40] + "...", $"is longer than {MaxLength} characters");
            if (path.Any(char.IsControl)) throw Bad(field, path, "holds control characters");
            if (path.StartsWith('/') || (path.Length > 1 && path[1] == ':'))
                throw Bad(field, path, "is absolute; give a path relative to the repository root");
            if (path.Split('/').Any(segment => segment == ".."))
                throw Bad(field, path, "climbs out with '..'");
            if (path.Contains("//", StringComparison.Ordinal)) throw Bad(field, path, "has an empty segment ('//')");
            if (!result.Contains(path, StringComparer.Ordinal)) result.Add(path);
        }
        if (result.Count > MaxEntries)
            throw new ValidationException(field, $"At most {MaxEntries} paths may be declared ({result.Count} given).");
        return result;
    }

    /// <summary>
    /// Whether <paramref name="a"/> and <paramref name="b"/> name the same file or one holds the other.
    /// </summary>
    public static bool Overlap(string a, string b) =>
        a == b || (a.EndsWith('/') && b.StartsWith(a, StringComparison.Ordinal))
            || (b.EndsWith('/') && a.StartsWith(b, StringComparison.Ordinal));

    /// <summary>
    /// The paths where two lists overlap, each given as the narrower of the two ("src/a.cs" for "src/" and
    /// "src/a.cs"), so a user reads the file both will touch.
    /// </summary>
    public static IReadOnlyList<string> Between(IReadOnlyList<string> first, IReadOnlyList<string> second)
    {
        var shared = new List<string>();
        foreach (var a in first)
        foreach (var b in second)
        {
            if (!Overlap(a, b)) continue;
            var narrower = a.Length >= b.Length ? a : b;
            if (!shared.Contains(narrower, StringComparer.Ordinal)) shared.Add(narrower);
        }
        return shared;
    }

    /// <summary>One line per path: how the lists are stored (a path holds no control characters).</summary>
    internal static string? Join(IReadOnlyList<string> paths) => paths.Count == 0 ? null : string.Join('\n', paths);

    internal static IReadOnlyList<string> Split(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : stored.Split('\n');

    private static ValidationException Bad(string field, string? path, string problem) =>
        new(field, $"The path '{path}' {problem}.");
}
