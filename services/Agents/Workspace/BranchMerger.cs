using Codewalkers.Agents.Domain;

namespace Codewalkers.Agents.Workspace;

/// <summary>
/// Merges one branch of a project's clone into another in a temporary detached worktree, so nobody's checkout is
/// touched, then moves the target branch to the merge commit only if it did not move meanwhile. With a push, the
/// target first catches up with origin's and the merge is then pushed; a refused push puts the target back.
/// </summary>
public sealed class BranchMerger(WorkspaceManager workspace)
{
    public abstract record Outcome;
    public sealed record Merged(string MergeBase, string MergeCommit, bool Pushed) : Outcome;
    public sealed record Conflicted(IReadOnlyList<string> Files) : Outcome;
    public sealed record Failed(string Error) : Outcome;

    public async Task<Outcome> MergeAsync(ProjectClone project, string source, string target, bool push, CancellationToken cancellationToken)
    {
        string repo;
        try { repo = await workspace.EnsureCloneAsync(project, cancellationToken, requireFetch: push); }
        catch (GitException ex) { return new Failed(ex.Message); }
        if (!RefNames.IsSafe(source)) return new Failed($"Branch '{source}' does not exist in {project.Name}.");
        if (!RefNames.IsSafe(target)) return new Failed($"Branch '{target}' does not exist in {project.Name}.");
        var before = await Branches.LocalAsync(repo, target);
        if (push && await Branches.FastForwardAsync(repo, target) == Branches.Sync.Diverged)
            return new Failed($"'{target}' of the clone and origin's '{target}' have diverged; merge or reset one of them first.");

        var sourceSha = await ResolveAsync(repo, source);
        var targetSha = await ResolveAsync(repo, target);
        // The target moves as a local branch of the clone; one known only from the remote becomes local first.
        if (targetSha is not null && await Branches.LocalAsync(repo, target) is null)
            await Git.RunAsync(repo, "branch", "--no-track", target, targetSha);
        if (sourceSha is null) return new Failed($"Branch '{source}' does not exist in {project.Name}.");
        if (targetSha is null) return new Failed($"Branch '{target}' does not exist in {project.Name}.");

        var merged = await MergeInTemporaryWorktreeAsync(repo, project, source, target, sourceSha, targetSha);
        if (!push || merged is not Merged done) return merged;
        var pushed = await Branches.PushAsync(repo, target);
        if (pushed.Ok) return done with { Pushed = true };
        // Nothing half-done stays behind: the clone's target is where it was before this command.
        await Branches.RollBackAsync(repo, target, before, done.MergeCommit);
        return new Failed($"git push of '{target}' to origin failed: {pushed.Error} {pushed.Output}".Trim());
    }

    private async Task<Outcome> MergeInTemporaryWorktreeAsync(string repo, ProjectClone project, string source, string target, string sourceSha, string targetSha)
    {
        var mergeBase = await Git.RunAsync(repo, "merge-base", targetSha, sourceSha);
        var temp = Path.Combine(workspace.ReposRoot, ".merges", $"{project.Name}-{Guid.NewGuid():N}");
        await Git.RunAsync(repo, "worktree", "add", "--detach", temp, targetSha);
        try
        {
            var merge = await Git.TryAsync(temp, "-c", "user.name=Codewalkers", "-c", "user.email=codewalkers@localhost",
                "merge", "--no-ff", "--no-edit", "-m", $"Merge {source} into {target}", sourceSha);
            if (!merge.Ok)
            {
                var conflicts = await Git.RunAsync(temp, "diff", "--name-only", "--diff-filter=U");
                await Git.TryAsync(temp, "merge", "--abort");
                var files = conflicts.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                return files.Length > 0 ? new Conflicted(files) : new Failed($"git merge failed: {merge.Error}");
            }
            var commit = await Git.RunAsync(temp, "rev-parse", "HEAD");
            // Compare-and-swap: if someone moved the target meanwhile, fail rather than lose their commit.
            var update = await Git.TryAsync(repo, "update-ref", $"refs/heads/{target}", commit, targetSha);
            return update.Ok ? new Merged(mergeBase, commit, false) : new Failed($"'{target}' moved during the merge; try again.");
        }
        finally
        {
            await Git.TryAsync(repo, "worktree", "remove", "--force", temp);
        }
    }

    private static async Task<string?> ResolveAsync(string repo, string branch) =>
        await Branches.LocalAsync(repo, branch) ?? await Branches.RemoteAsync(repo, branch);
}

/// <summary>Branch and ref names accepted from callers: never an option, never a range.</summary>
public static class RefNames
{
    public static bool IsSafe(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 250 && !name.StartsWith('-') && !name.Contains("..", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' or '~' or '^');
}
