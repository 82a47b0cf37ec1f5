using System.Diagnostics;

namespace Codewalkers.Agents.Tests.Infrastructure;

/// <summary>A throwaway git repository with one commit on main, to register as a project.</summary>
public sealed class TestRepository : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("cw-repo-").FullName;

    public TestRepository()
    {
        Git("init", "-q", "-b", "main");
        File.WriteAllText(System.IO.Path.Combine(Path, "README.md"), "# test\n");
        Git("add", "-A");
        Git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "initial");
    }

    public string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
        return output.Trim();
    }

    /// <summary>Commits <paramref name="file"/> with <paramref name="content"/> on <paramref name="branch"/> (main stays checked out); its commit.</summary>
    public string CommitOn(string branch, string file, string content)
    {
        Git("checkout", "-q", branch);
        File.WriteAllText(System.IO.Path.Combine(Path, file), content);
        Git("add", "-A");
        Git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", $"{file} on {branch}");
        Git("checkout", "-q", "main");
        return Git("rev-parse", branch);
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
