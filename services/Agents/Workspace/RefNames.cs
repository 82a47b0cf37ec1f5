namespace Codewalkers.Agents.Workspace;

/// <summary>Branch and ref names accepted from callers: never an option, never a range.</summary>
public static class RefNames
{
    public static bool IsSafe(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 250 && !name.StartsWith('-')
        && !name.Contains("..", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' or '~' or '^');
}
