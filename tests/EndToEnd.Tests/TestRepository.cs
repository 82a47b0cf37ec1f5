using System.Diagnostics;

namespace Codewalkers.EndToEnd.Tests;

/// <summary>A real local git repository on branch main with one commit, made with the git CLI.</summary>
public static class TestRepository
{
    public static async Task<string> CreateAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cw-repo-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        await GitAsync(path, "init", "-q", "-b", "main");
        await File.WriteAllTextAsync(Path.Combine(path, "README.md"), "# test\n");
        await GitAsync(path, "add", ".");
        await GitAsync(path, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "init");
        return path;
    }

    public static async Task GitAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {await error}");
    }
}
