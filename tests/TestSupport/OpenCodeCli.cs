namespace Codewalkers.TestSupport;

/// <summary>
/// The real OpenCode CLI the tests drive: CW_OPENCODE_CLI, else the copy test.sh installs
/// (~/.cache/codewalkers/npm/bin/opencode), else opencode on PATH. Tests that need it fail, loudly, without it.
/// </summary>
public static class OpenCodeCli
{
    public static string Path => Find() ?? throw new InvalidOperationException(
        "The OpenCode CLI is missing. Run ./test.sh (it installs opencode-ai@1.18.33 with npm) "
        + "or set CW_OPENCODE_CLI to the opencode executable.");

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CW_OPENCODE_CLI") is { Length: > 0 } configured
            && File.Exists(configured)) return configured;
        var cached = System.IO.Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".cache", "codewalkers", "npm", "bin", "opencode");
        if (File.Exists(cached)) return cached;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, "opencode");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
