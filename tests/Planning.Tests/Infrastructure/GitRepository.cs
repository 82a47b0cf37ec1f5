using System.Diagnostics;

namespace Codewalkers.Planning.Tests.Infrastructure;

/// <summary>Real repositories made with the git CLI, the way a user's project looks on disk.</summary>
public static class GitRepository
{
    /// <summary>A new repository under <paramref name="parent"/> with one commit on <paramref name="branch"/>.</summary>
    public static string Create(string parent, string branch = "main")
    {
        var path = Path.Combine(parent, $"repo-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        Git(path, "init", "--quiet", "--initial-branch", branch);
        Git(path, "-c", "user.name=Codewalkers Tests", "-c", "user.email=tests@codewalkers.invalid",
            "commit", "--quiet", "--allow-empty", "--no-gpg-sign", "-m", "initial commit");
        return path;
    }

    public static void Git(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}{output.Result}");
    }
}
