namespace Codewalkers.TestSupport;

/// <summary>
/// The real Claude Code CLI the tests drive: CW_CLAUDE_CLI, else the copy test.sh installs
/// (~/.cache/codewalkers/npm/bin/claude), else claude on PATH. Tests that need it fail, loudly, without it.
/// </summary>
public static class ClaudeCli
{
    public static string Path => Find() ?? throw new InvalidOperationException(
        "The Claude Code CLI is missing. Run ./test.sh (it installs @anthropic-ai/claude-code@2.1.328 with npm) "
        + "or set CW_CLAUDE_CLI to the claude executable.");

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CW_CLAUDE_CLI") is { Length: > 0 } configured
            && File.Exists(configured)) return configured;
        var cached = System.IO.Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".cache", "codewalkers", "npm", "bin", "claude");
        if (File.Exists(cached)) return cached;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, "claude");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
