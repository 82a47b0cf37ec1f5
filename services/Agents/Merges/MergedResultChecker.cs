using System.Collections.Concurrent;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Runners;
using Codewalkers.Agents.Supervision;
using Codewalkers.Agents.Workspace;
using Codewalkers.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Merges;

/// <summary>
/// Runs a project's verify command on a merge commit before the merge's target moves: the commit is checked out in a
/// temporary detached worktree of the clone (<c>$CW_HOME/workspace/checks/&lt;id&gt;</c>), the command runs there
/// through <see cref="VerifyCommandRunner"/> (its own process group, the project's time limit), and the worktree is
/// removed whatever happens. One left behind by a service that died mid-check (and the process group it ran) is
/// removed at the next start and before every later check.
/// </summary>
public sealed partial class MergedResultChecker(
    ThisRunner thisRunner, VerifyCommandRunner runner, IOptions<AgentsOptions> options,
    ILogger<MergedResultChecker> logger)
{
    /// <summary>What to run on a merged result of <paramref name="Project"/>: its own command or the initiative's.</summary>
    public sealed record Check(ProjectClone Project, string Command);

    public sealed record Result(string Command, VerifyCommandRunner.Result Run)
    {
        public bool Passed => Run.ExitCode == 0 && !Run.TimedOut;
    }

    /// <summary>The checks of this process still running: a sweep leaves them alone.</summary>
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    public string Root => Path.Combine(thisRunner.WorkspaceDirectory, "checks");

    private string Logs => Path.Combine(Root, ".logs");

    /// <summary>
    /// The check's command run on <paramref name="commit"/> of <paramref name="repo"/> with its project's time limit; a
    /// worktree that cannot be made is a <see cref="GitException"/>.
    /// </summary>
    public async Task<Result> CheckAsync(Check check, string repo, string commit, CancellationToken cancellationToken)
    {
        var (project, command) = (check.Project, check.Command);
        await SweepAsync();
        var id = Ids.New();
        _running[id] = 0;
        var worktree = Path.Combine(Root, id);
        var logFile = Path.Combine(Logs, $"{id}.log");
        try
        {
            // The runner keeps its group id beside the log, in a folder that must exist.
            Directory.CreateDirectory(Logs);
            var added = await Git.TryAsync(repo, "worktree", "add", "--detach", worktree, commit);
            if (!added.Ok) throw new GitException($"git worktree add of the merge result failed: {added.Error}");
            LogChecking(project.Name, commit, command);
            var run = await runner.RunAsync(command, worktree, logFile,
                TimeSpan.FromSeconds(project.VerifyTimeoutSeconds), options.Value.Environment,
                options.Value.VerifyOutputTailBytes, cancellationToken);
            LogChecked(project.Name, commit, run.ExitCode, run.TimedOut, run.DurationMs);
            return new Result(command, run);
        }
        finally
        {
            // Also on cancel (the runner has killed the group by then): a check leaves nothing behind.
            await RemoveAsync(worktree, repo);
            File.Delete(logFile);
            _running.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// Removes what checks of an earlier process left (it died mid-check): their process groups are killed, their
    /// worktrees removed and unregistered from their clones.
    /// </summary>
    public async Task SweepAsync()
    {
        if (!Directory.Exists(Root)) return;
        if (Directory.Exists(Logs))
            foreach (var groupFile in Directory.GetFiles(Logs, "*.log.pgid"))
            {
                var id = Path.GetFileName(groupFile)[..^".log.pgid".Length];
                if (_running.ContainsKey(id)) continue;
                VerifyCommandRunner.KillLeftover(groupFile);
                File.Delete(groupFile[..^".pgid".Length]);
            }
        foreach (var worktree in Directory.GetDirectories(Root))
        {
            var id = Path.GetFileName(worktree);
            if (worktree == Logs || _running.ContainsKey(id)) continue;
            LogLeftover(worktree);
            await RemoveAsync(worktree, CloneOf(worktree));
        }
    }

    private static async Task RemoveAsync(string worktree, string? repo)
    {
        if (repo is not null && Directory.Exists(repo))
        {
            var removed = await Git.TryAsync(repo, "worktree", "remove", "--force", "--force", worktree);
            if (removed.Ok) return;
        }
        if (Directory.Exists(worktree)) Directory.Delete(worktree, recursive: true);
        if (repo is not null && Directory.Exists(repo)) await Git.TryAsync(repo, "worktree", "prune");
    }

    /// <summary>
    /// The clone a linked worktree belongs to, from its <c>.git</c> file
    /// (<c>gitdir: &lt;clone&gt;/.git/worktrees/&lt;name&gt;</c>).
    /// </summary>
    private static string? CloneOf(string worktree)
    {
        var gitFile = Path.Combine(worktree, ".git");
        if (!File.Exists(gitFile)) return null;
        var line = File.ReadAllText(gitFile).Trim();
        const string prefix = "gitdir: ";
        if (!line.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var gitDir = Path.GetDirectoryName(Path.GetDirectoryName(line[prefix.Length..]));
        return gitDir is null ? null : Path.GetDirectoryName(gitDir);
    }

    [LoggerMessage(LogLevel.Information, "Checking the merge result {Commit} of {Project} with {Command}")]
    private partial void LogChecking(string project, string commit, string command);

    [LoggerMessage(LogLevel.Information,
        "Merge result {Commit} of {Project}: check exited {ExitCode} (timed out: {TimedOut}) in {DurationMs} ms")]
    private partial void LogChecked(string project, string commit, int? exitCode, bool timedOut, long durationMs);

    [LoggerMessage(LogLevel.Warning, "Removing the merge check worktree {Worktree} an earlier process left")]
    private partial void LogLeftover(string worktree);
}
