namespace Codewalkers.TestSupport;

/// <summary>
/// The real Gemini CLI the tests drive: CW_GEMINI_CLI, else the copy test.sh installs
/// (~/.cache/codewalkers/npm/bin/gemini), else gemini on PATH. Tests that need it fail, loudly, without it.
/// </summary>
public static class GeminiCli
{
    public static string Path => Find() ?? throw new InvalidOperationException(
        "The Gemini CLI is missing. Run ./test.sh (it installs @google/gemini-cli@0.61.0 with npm) "
        + "or set CW_GEMINI_CLI to the gemini executable.");

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CW_GEMINI_CLI") is { Length: > 0 } configured
            && File.Exists(configured)) return configured;
        var cached = System.IO.Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".cache", "codewalkers", "npm", "bin", "gemini");
        if (File.Exists(cached)) return cached;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, "gemini");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
