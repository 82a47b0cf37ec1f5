using System.Diagnostics;

namespace Codewalkers.Planning.Infrastructure;

/// <summary>Asks the git CLI whether a local path is a repository and whether it has a branch.</summary>
public sealed class GitRepositoryProbe
{
    public async Task<bool> IsRepositoryAsync(string path, CancellationToken cancellationToken) =>
        Directory.Exists(path) && await GitSucceedsAsync(path, cancellationToken, "rev-parse", "--git-dir");

    public Task<bool> HasBranchAsync(string path, string branch, CancellationToken cancellationToken) =>
        GitSucceedsAsync(path, cancellationToken, "rev-parse", "--verify", "--quiet", $"refs/heads/{branch}");

    private static async Task<bool> GitSucceedsAsync(string workingDirectory, CancellationToken cancellationToken, params string[] arguments)
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
        var drainOut = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var drainErr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await Task.WhenAll(drainOut, drainErr);
        return process.ExitCode == 0;
    }
}
