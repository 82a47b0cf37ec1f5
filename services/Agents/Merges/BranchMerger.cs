using System.Collections.Concurrent;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Workspace;

namespace Codewalkers.Agents.Merges;

/// <summary>
/// Merges one branch of a project's clone into another without any checkout (<c>git merge-tree</c> and
/// <c>commit-tree</c>), so nobody's worktree is touched, then moves the target branch to the merge commit only if it
/// did not move meanwhile. With a push, the target first catches up with origin's and the merge is then pushed; a
/// refused push puts the target back. A merge counts only once the target is seen to contain the source
/// (<see cref="MergeAncestry"/>). When asked, the project's verify command runs on the merge commit before the target
/// moves (<see cref="MergedResultChecker"/>); a red result leaves the target where it was.
/// </summary>
public sealed class BranchMerger(ProjectClones clones, SharedRemote shared, MergedResultChecker checker)
{
    /// <summary>
    /// With a shared remote, how often a merge whose push of the target was refused (another runner merged into it
    /// meanwhile) starts again from the target it fetches.
    /// </summary>
    private const int SharedAttempts = 8;

    private const string Author = "Codewalkers";
    private const string AuthorEmail = "codewalkers@localhost";

    public abstract record Outcome;
    /// <summary><paramref name="Check"/>: the merged result's check, when one ran (it passed).</summary>
    public sealed record Merged(string MergeBase, string MergeCommit, bool Pushed, MergedResultChecker.Result? Check)
        : Outcome;
    public sealed record Conflicted(IReadOnlyList<string> Files) : Outcome;
    public sealed record Failed(string Error) : Outcome;
    /// <summary>The merge commit was made, but its check failed: the target did not move.</summary>
    public sealed record CheckFailed(string MergeCommit, MergedResultChecker.Result Check) : Outcome;

    /// <summary>
    /// One merge at a time into a given branch of a project: commands run side by side, and two merges into the same
    /// phase branch (parallel tasks finishing together) would both start from its old tip, and the second one's
    /// compare-and-swap would fail. The swap still guards against anyone else moving the branch.
    /// </summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> TargetLocks = new();

    /// <summary>
    /// <paramref name="verify"/>: run the project's verify command (if it has one) on the merge commit before the
    /// target moves. The check holds the target's turn, so each merge into a branch is checked on top of the last.
    /// <paramref name="verifyCommand"/> (the initiative's) replaces the project's command, with the project's time
    /// limit.
    /// </summary>
    public async Task<Outcome> MergeAsync(ProjectClone project, string source, string target, bool push, bool verify,
        string? verifyCommand, CancellationToken cancellationToken)
    {
        // Keyed by the clone: the turn guards the clone's branch (runners in one process have clones of their own).
        var gate = TargetLocks.GetOrAdd($"{clones.PathOf(project)}\n{target}", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var command = string.IsNullOrWhiteSpace(verifyCommand) ? project.VerifyCommand : verifyCommand;
            var check = verify && command is not null ? new MergedResultChecker.Check(project, command) : null;
            return await MergeIntoAsync(project, source, target, push, check, cancellationToken);
        }
        finally { gate.Release(); }
    }

    private async Task<Outcome> MergeIntoAsync(ProjectClone project, string source, string target, bool push,
        MergedResultChecker.Check? check, CancellationToken cancellationToken)
    {
        if (!RefNames.IsSafe(source)) return new Failed($"Branch '{source}' does not exist in {project.Name}.");
        if (!RefNames.IsSafe(target)) return new Failed($"Branch '{target}' does not exist in {project.Name}.");
        if (!shared.Enabled) return await MergeInCloneAsync(project, source, target, push, check, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await MergeThroughSharedAsync(project, source, target, push, check, attempt,
                cancellationToken);
            if (outcome is not null) return outcome;
        }
    }

    /// <summary>
    /// The merge with a shared remote: source and target fetched from it first (one fetch), the merge made in the
    /// clone as without one, then the target pushed there (never forced). A refused push means another runner merged
    /// into the target since the fetch: the clone's target goes back, and null asks for another attempt from the
    /// target fetched anew, so the compare-and-swap of the clone's branch (<see cref="MoveTargetAsync"/>) is, across
    /// runners, the shared remote's. The default branch is origin's, as without a shared remote. With
    /// <paramref name="push"/> (origin first, as without a shared remote) a refusal is not retried: origin has the
    /// merge already.
    /// </summary>
    private async Task<Outcome?> MergeThroughSharedAsync(ProjectClone project, string source, string target,
        bool push, MergedResultChecker.Check? check, int attempt, CancellationToken cancellationToken)
    {
        string repo;
        try
        {
            (repo, _) = await clones.PrepareAsync(project, OriginFetch.None, cancellationToken);
            await shared.SyncAsync(repo, project, [source, target]);
        }
        catch (GitException ex) { return new Failed(ex.Message); }
        if (target == project.DefaultBranch)
            return await MergeInCloneAsync(project, source, target, push, check, cancellationToken);
        var before = await Branches.LocalAsync(repo, target);
        var outcome = await MergeInCloneAsync(project, source, target, push, check, cancellationToken);
        if (outcome is not Merged done) return outcome;
        var published = await shared.PushAsync(repo, target);
        if (published.Ok) return done;
        if (!push)
        {
            await Branches.RollBackAsync(repo, target, before, done.MergeCommit);
            if (attempt < SharedAttempts) return null;
        }
        return new Failed(
            $"git push of '{target}' to the shared remote failed: {published.Error} {published.Output}".Trim());
    }

    private async Task<Outcome> MergeInCloneAsync(ProjectClone project, string source, string target, bool push,
        MergedResultChecker.Check? check, CancellationToken cancellationToken)
    {
        ProjectClones.Clone clone;
        try { clone = await OpenCloneAsync(project, source, target, push, cancellationToken); }
        catch (GitException ex) { return new Failed(ex.Message); }
        var (repo, refs) = (clone.Repo, clone.Refs);
        var before = refs.Local(target);
        if (push && await Branches.FastForwardAsync(repo, target, refs) == Branches.Sync.Diverged)
            return new Failed(
                $"'{target}' of the clone and origin's '{target}' have diverged; merge or reset one of them first.");

        if (refs.Resolve(source) is not { } sourceSha)
            return new Failed($"Branch '{source}' does not exist in {project.Name}.");
        if (refs.Resolve(target) is not { } targetSha)
            return new Failed($"Branch '{target}' does not exist in {project.Name}.");
        var merged = await MergeWithoutCheckoutAsync(repo, source, target, sourceSha, targetSha, refs.Local(target),
            check, cancellationToken);
        if (merged is not Merged done) return merged;
        if (await MergeAncestry.MissingAsync(repo, source, sourceSha, target) is { } missing)
            return new Failed(missing);
        if (!push) return done;
        var pushed = await Branches.PushAsync(repo, target);
        if (pushed.Ok) return done with { Pushed = true };
        // Nothing half-done stays behind: the clone's target is where it was before this command.
        await Branches.RollBackAsync(repo, target, before, done.MergeCommit);
        return new Failed($"git push of '{target}' to origin failed: {pushed.Error} {pushed.Output}".Trim());
    }

    /// <summary>
    /// The clone, fetched only when the merge reads origin: for a push (which must start from origin's target), or
    /// for a branch the clone has only as origin's. Two local branches of the clone are merged as they are.
    /// </summary>
    private async Task<ProjectClones.Clone> OpenCloneAsync(ProjectClone project, string source, string target,
        bool push, CancellationToken cancellationToken)
    {
        var clone = await clones.OpenAsync(project, push ? OriginFetch.Required : OriginFetch.None, cancellationToken);
        var readsOrigin = clone.Refs.Local(source) is null || clone.Refs.Local(target) is null;
        return readsOrigin && !clone.Fetched
            ? await clones.OpenAsync(project, OriginFetch.Always, cancellationToken)
            : clone;
    }

    /// <summary>
    /// The merge commit of <c>git merge --no-ff</c>, made without a worktree. <paramref name="localTarget"/> is where
    /// the
    /// clone's own target branch is: null when only origin has it, and the merge then makes it local. With
    /// <paramref name="check"/> the merge commit is checked first and the target moves only when it passes.
    /// </summary>
    private async Task<Outcome> MergeWithoutCheckoutAsync(
        string repo, string source, string target, string sourceSha, string targetSha, string? localTarget,
        MergedResultChecker.Check? check, CancellationToken cancellationToken)
    {
        var findingMergeBase = Git.RunAsync(repo, "merge-base", targetSha, sourceSha);
        // Exit code 1 means conflicts: the output is the tree (with conflict markers), then the conflicted paths.
        var merging = Git.TryAsync(repo, "merge-tree", "--write-tree", "--name-only", "--no-messages", targetSha,
            sourceSha);
        await Task.WhenAll(findingMergeBase, merging);
        var (mergeBase, merge) = (await findingMergeBase, await merging);
        var (tree, conflicts) = SplitMergeTreeOutput(merge.Output);

        // Already up to date (as `git merge --no-ff` says): the target contains the source, no merge commit is made.
        if (mergeBase == sourceSha)
            return await MoveTargetAsync(repo, target, targetSha, localTarget, mergeBase, null);
        if (merge.ExitCode == 1 && conflicts.Count > 0) return new Conflicted(conflicts);
        if (!merge.Ok) return new Failed($"git merge failed: {merge.Error}");
        var commit = await Git.RunAsync(repo, "-c", $"user.name={Author}", "-c", $"user.email={AuthorEmail}",
            "commit-tree", tree, "-p", targetSha, "-p", sourceSha, "-m", $"Merge {source} into {target}");
        if (check is null) return await MoveTargetAsync(repo, target, commit, localTarget, mergeBase, null);
        MergedResultChecker.Result checkedResult;
        try { checkedResult = await checker.CheckAsync(check, repo, commit, cancellationToken); }
        catch (GitException ex) { return new Failed(ex.Message); }
        if (!checkedResult.Passed) return new CheckFailed(commit, checkedResult);
        return await MoveTargetAsync(repo, target, commit, localTarget, mergeBase, checkedResult);
    }

    /// <summary>Compare-and-swap: if someone moved the target meanwhile, fail rather than lose their commit.</summary>
    private static async Task<Outcome> MoveTargetAsync(string repo, string target, string commit, string? localTarget,
        string mergeBase, MergedResultChecker.Result? check)
    {
        if (commit == localTarget) return new Merged(mergeBase, commit, false, check);
        var moved = await Branches.MoveAsync(repo, target, commit, localTarget);
        return moved.Ok ? new Merged(mergeBase, commit, false, check)
            : new Failed($"'{target}' moved during the merge; try again.");
    }

    private static (string Tree, IReadOnlyList<string> Conflicts) SplitMergeTreeOutput(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? ("", []) : (lines[0], lines[1..]);
    }
}
