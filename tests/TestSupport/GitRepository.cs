using System.Diagnostics;

namespace Codewalkers.TestSupport;

/// <summary>
/// A real git repository made with the git CLI, the way a user's project looks on disk: a README.md committed as
/// "initial" on <c>main</c> (or the branch given). <see cref="Dispose"/> deletes it; one made <see cref="In"/> a
/// directory is deleted with that directory instead.
/// </summary>
public sealed class GitRepository : IDisposable
{
    private static readonly string[] Author = ["-c", "user.name=t", "-c", "user.email=t@t"];

    /// <summary>A new repository in a temp directory of its own.</summary>
    public GitRepository(string branch = "main")
        : this(Directory.CreateTempSubdirectory("cw-repo-").FullName, branch)
    {
    }

    private GitRepository(string path, string branch)
    {
        Path = path;
        Git("init", "-q", "-b", branch);
        File.WriteAllText(System.IO.Path.Combine(Path, "README.md"), "# test\n");
        Git("add", "-A");
        Commit("initial");
    }

    public string Path { get; }

    /// <summary>
    /// A new repository under <paramref name="parent"/>, for tests whose fixture deletes <paramref name="parent"/>
    /// when it is done (the repository may be needed for as long as the service under test runs).
    /// </summary>
    public static GitRepository In(string parent, string branch = "main") =>
        new(Directory.CreateDirectory(System.IO.Path.Combine(parent, $"repo-{Guid.NewGuid():N}")).FullName, branch);

    /// <summary>Runs git in the repository (or where a <c>-C</c> argument points); its output, trimmed.</summary>
    public string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        // Both streams read at once: a git that fills one pipe while the other is read would wait forever.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        return output.Result.Trim();
    }

    /// <summary>
    /// Commits <paramref name="file"/> with <paramref name="content"/> on <paramref name="branch"/> (main stays checked
    /// out); the commit.
    /// </summary>
    public string CommitOn(string branch, string file, string content, string? message = null)
    {
        Git("checkout", "-q", branch);
        File.WriteAllText(System.IO.Path.Combine(Path, file), content);
        Git("add", "-A");
        Commit(message ?? $"{file} on {branch}");
        Git("checkout", "-q", "main");
        return Git("rev-parse", branch);
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private void Commit(string message) => Git([.. Author, "commit", "-q", "--no-gpg-sign", "-m", message]);
}
