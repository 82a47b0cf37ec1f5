using System.Diagnostics;

namespace Codewalkers.Planning.Infrastructure;

/// <summary>Asks the git CLI whether a local path is the root of a repository and whether it has a branch.</summary>
public sealed class GitRepositoryProbe
{
    /// <summary>
    /// True for the top of a work tree or a bare repository itself; false for a subdirectory or a <c>.git</c> dir,
    /// which git would accept but which cannot be cloned as the project.
    /// </summary>
    public async Task<bool> IsRepositoryRootAsync(string path, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(path)) return false;
        var (ok, output) = await GitAsync(path, cancellationToken,
            "rev-parse", "--is-bare-repository", "--is-inside-work-tree", "--show-prefix", "--absolute-git-dir");
        if (!ok) return false;
        var lines = output.Split('\n');
        if (lines.Length < 4) return false;
        var (bare, insideWorkTree, prefix, gitDir) = (lines[0], lines[1], lines[2], lines[3]);
        return bare == "true"
            ? SamePath(gitDir, path)
            : insideWorkTree == "true" && prefix.Length == 0;
    }

    public async Task<bool> HasBranchAsync(string path, string branch, CancellationToken cancellationToken) =>
        (await GitAsync(path, cancellationToken, "rev-parse", "--verify", "--quiet", $"refs/heads/{branch}")).Ok;

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)),
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);

    private static async Task<(bool Ok, string Output)> GitAsync(string workingDirectory,
        CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start git.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await Task.WhenAll(output, error);
        return (process.ExitCode == 0, (await output).TrimEnd('\n'));
    }
}
