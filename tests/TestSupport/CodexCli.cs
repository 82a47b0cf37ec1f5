namespace Codewalkers.TestSupport;

/// <summary>
/// The real Codex CLI the tests drive: CW_CODEX_CLI, else the copy test.sh installs
/// (~/.cache/codewalkers/npm/bin/codex), else codex on PATH. Tests that need it fail, loudly, without it.
/// </summary>
public static class CodexCli
{
    public static string Path => Find() ?? throw new InvalidOperationException(
        "The Codex CLI is missing. Run ./test.sh (it installs @openai/codex@0.169.0 with npm) "
        + "or set CW_CODEX_CLI to the codex executable.");

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CW_CODEX_CLI") is { Length: > 0 } configured
            && File.Exists(configured)) return configured;
        var cached = System.IO.Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".cache", "codewalkers", "npm", "bin", "codex");
        if (File.Exists(cached)) return cached;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, "codex");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
