using Codewalkers.Agents.Merges;
using Codewalkers.Agents.Runners;
using Codewalkers.Agents.Supervision;
using Codewalkers.Agents.Workspace;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Tests.Workspace;

/// <summary>
/// What a removal would lose is saved to refs/cw/saved/... with real git: uncommitted, untracked and unmerged work in
/// one commit on top of HEAD (the worktree's branch and index untouched), nothing when nothing would be lost; and the
/// ancestry check that refuses a merge whose target does not contain the source.
/// </summary>
public sealed class SavedWorkTests : IDisposable
{
    private readonly GitRepository _origin = new();
    private readonly string _home = Directory.CreateTempSubdirectory("cw-saved-").FullName;
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 12, 7, 6, 30, 15, TimeSpan.Zero));
    private readonly SavedWork _saved;
    private readonly string _clone;

    public SavedWorkTests()
    {
        _saved = new SavedWork(
            new ThisRunner(Options.Create(new AgentsOptions()), new CodewalkersHome(_home)), _clock);
        _clone = Path.Combine(_home, "workspace", "repos", "proj");
        _origin.Git("clone", "-q", _origin.Path, _clone);
        Git("checkout", "-q", "--detach");
    }

    public void Dispose()
    {
        _origin.Dispose();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }

    private string Git(params string[] args) => _origin.Git(["-C", _clone, .. args]);

    private string In(string worktree, params string[] args) => _origin.Git(["-C", worktree, .. args]);

    private string AddWorktree(string branch)
    {
        var worktree = Path.Combine(_home, "workspace", "agents", branch, "proj");
        Git("worktree", "add", "-q", "-b", branch, worktree, "main");
        return worktree;
    }

    private void Commit(string worktree, string file, string content)
    {
        File.WriteAllText(Path.Combine(worktree, file), content);
        In(worktree, "add", file);
        In(worktree, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", $"Add {file}");
    }

    [Fact]
    public async Task Uncommitted_untracked_and_unmerged_work_is_one_saved_commit_and_the_worktree_is_untouched()
    {
        var worktree = AddWorktree("task-a");
        File.WriteAllText(Path.Combine(worktree, ".gitignore"), "bin/\n");
        Commit(worktree, ".gitignore", "bin/\n");
        Commit(worktree, "committed.txt", "committed\n");
        var head = In(worktree, "rev-parse", "HEAD");
        File.WriteAllText(Path.Combine(worktree, "README.md"), "changed, not committed\n");
        File.WriteAllText(Path.Combine(worktree, "untracked.txt"), "never added\n");
        In(worktree, "add", "README.md"); // staged, so the worktree's index has something to lose too
        Directory.CreateDirectory(Path.Combine(worktree, "bin"));
        File.WriteAllText(Path.Combine(worktree, "bin", "out.dll"), "build output\n");
        var statusBefore = In(worktree, "status", "--porcelain");

        var saved = await _saved.SaveWorktreeAsync(worktree, "agent1", SavedWork.Survivors.AllBranches);

        Assert.Equal("refs/cw/saved/agent1/20261207T063015Z", saved);
        Assert.Equal(head, Git("rev-parse", $"{saved}^"));
        Assert.Equal("changed, not committed", Git("show", $"{saved}:README.md"));
        Assert.Equal("never added", Git("show", $"{saved}:untracked.txt"));
        Assert.Equal("committed", Git("show", $"{saved}:committed.txt"));
        Assert.Empty(Git("ls-tree", "-r", "--name-only", saved!, "bin"));
        // The branch, the index and the files are as they were.
        Assert.Equal(head, Git("rev-parse", "task-a"));
        Assert.Equal(statusBefore, In(worktree, "status", "--porcelain"));

        // A second save in the same second gets its own ref.
        var again = await _saved.SaveWorktreeAsync(worktree, "agent1", SavedWork.Survivors.AllBranches);
        Assert.Equal("refs/cw/saved/agent1/20261207T063015Z-2", again);
    }

    [Fact]
    public async Task A_clean_worktree_whose_commits_survive_leaves_no_ref_and_commits_only_it_holds_are_saved()
    {
        var merged = AddWorktree("task-merged");
        Assert.Null(await _saved.SaveWorktreeAsync(merged, "agent2", SavedWork.Survivors.OtherBranches));

        var unmerged = AddWorktree("task-b");
        Commit(unmerged, "b.txt", "b\n");
        // Its branch stays: nothing would be lost.
        Assert.Null(await _saved.SaveWorktreeAsync(unmerged, "agent3", SavedWork.Survivors.AllBranches));
        // Its branch goes too: the commit is saved as it is.
        var saved = await _saved.SaveWorktreeAsync(unmerged, "agent3", SavedWork.Survivors.OtherBranches);
        Assert.Equal(Git("rev-parse", "task-b"), Git("rev-parse", saved!));
        // Saved once is enough: the saved ref holds it now.
        Assert.Null(await _saved.SaveBranchAsync(_clone, "task-b", "agent3"));
        Assert.Equal([saved!], Git("for-each-ref", "--format=%(refname)", "refs/cw/saved").Split('\n'));
    }

    [Fact]
    public async Task A_worktree_git_cannot_read_is_not_saved_and_says_so()
    {
        var worktree = AddWorktree("task-c");
        File.WriteAllText(Path.Combine(worktree, "x.txt"), "x\n");
        File.WriteAllText(Path.Combine(worktree, ".git"), "gitdir: /nowhere\n");

        var error = await Assert.ThrowsAsync<WorkNotSavedException>(
            () => _saved.SaveWorktreeAsync(worktree, "agent4", SavedWork.Survivors.AllBranches));
        Assert.Contains("kept", error.Message);
    }

    [Fact]
    public async Task A_merge_counts_only_while_the_target_contains_the_source()
    {
        var worktree = AddWorktree("task-d");
        Commit(worktree, "d.txt", "d\n");
        var source = Git("rev-parse", "task-d");
        Git("branch", "phase", "main");
        var mergeCommit = Git("-c", "user.name=t", "-c", "user.email=t@t",
            "commit-tree", "-p", "phase", "-p", "task-d", "-m", "merge", $"{source}^{{tree}}");
        Git("update-ref", "refs/heads/phase", mergeCommit);
        Assert.Null(await MergeAncestry.MissingAsync(_clone, "task-d", source, "phase"));

        // A concurrent reset takes the merge away again.
        Git("update-ref", "refs/heads/phase", "main");
        var missing = await MergeAncestry.MissingAsync(_clone, "task-d", source, "phase");
        Assert.Contains("does not contain", missing);
        Assert.Contains(source, missing);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
