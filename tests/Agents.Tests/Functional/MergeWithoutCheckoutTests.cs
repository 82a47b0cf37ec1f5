using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// MergeBranches made without a worktree: conflicts, merges with nothing to do, and merges that need no origin.
/// </summary>
[Collection(nameof(ClaudeAgents))]
public sealed class MergeWithoutCheckoutTests(AgentsFactory factory) : TestsWithOrigin(factory)
{
    private async Task<object> MergeAsync(string projectId, string source, string target)
    {
        var merge = new MergeBranches(Ids.New(), projectId, source, target);
        await Factory.SendCommandAsync(merge);
        return await Eventually.ValueAsync(() => Task.FromResult(Factory.Harness.Published.Select<object>()
                .Select(m => m.Context.Message)
                .FirstOrDefault(m => m is BranchesMerged b && b.RequestId == merge.RequestId
                    || m is MergeConflicted c && c.RequestId == merge.RequestId
                    || m is MergeFailed f && f.RequestId == merge.RequestId)),
            reply => reply is not null, $"reply to {merge.RequestId}", TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException();
    }

    private string InClone(string clone, params string[] args) => Origin.Git(["-C", clone, .. args]);

    [Fact]
    public async Task A_conflicting_merge_names_the_files_and_leaves_the_target_and_the_clone_as_they_were()
    {
        Origin.Git("branch", "phase");
        Origin.Git("branch", "task");
        Origin.CommitOn("task", "README.md", "# task\n");
        Origin.CommitOn("task", "both.txt", "task\n");
        Origin.CommitOn("phase", "README.md", "# phase\n");
        Origin.CommitOn("phase", "both.txt", "phase\n");
        var (projectId, _, clone) = await Factory.RegisterProjectAsync(Origin.Path, "mwc");
        // Makes the clone and phase a branch of it; phase contains main, so nothing is merged.
        Assert.IsType<BranchesMerged>(await MergeAsync(projectId, "main", "phase"));
        var phase = InClone(clone, "rev-parse", "phase");

        var conflicted = Assert.IsType<MergeConflicted>(await MergeAsync(projectId, "task", "phase"));

        Assert.Equal(["README.md", "both.txt"], conflicted.ConflictFiles.Order(StringComparer.Ordinal));
        Assert.Equal(phase, InClone(clone, "rev-parse", "phase"));
        Assert.Single(
            InClone(clone, "worktree", "list", "--porcelain").Split('\n'),
            l => l.StartsWith("worktree ", StringComparison.Ordinal));
        Assert.Equal("", InClone(clone, "status", "--porcelain", "--ignored"));
        Assert.False(Directory.Exists(Path.Combine(Factory.Home, "workspace", "repos", ".merges")));
    }

    [Fact]
    public async Task A_merge_of_a_branch_the_target_already_contains_makes_no_commit()
    {
        Origin.Git("branch", "phase");
        Origin.Git("branch", "task");
        Origin.CommitOn("task", "t.txt", "t\n");
        var (projectId, _, clone) = await Factory.RegisterProjectAsync(Origin.Path, "mwc");
        var first = Assert.IsType<BranchesMerged>(await MergeAsync(projectId, "task", "phase"));
        var commits = InClone(clone, "rev-list", "--count", "phase");

        var again = Assert.IsType<BranchesMerged>(await MergeAsync(projectId, "task", "phase"));

        Assert.Equal(first.MergeCommit, again.MergeCommit);
        Assert.Equal(first.MergeCommit, InClone(clone, "rev-parse", "phase"));
        Assert.Equal(commits, InClone(clone, "rev-list", "--count", "phase"));
        Assert.Equal(InClone(clone, "rev-parse", "origin/task"), again.MergeBase);
        // The merge commit has both branches as parents and the author every merge of the service has.
        Assert.Equal($"{InClone(clone, "rev-parse", "origin/phase")} {InClone(clone, "rev-parse", "origin/task")}",
            InClone(clone, "log", "-1", "--format=%P", "phase"));
        Assert.Equal(
            "Codewalkers <codewalkers@localhost>|Merge task into phase",
            InClone(clone, "log", "-1", "--format=%an <%ae>|%s", "phase"));
    }

    [Fact]
    public async Task Two_local_branches_merge_without_reading_origin_even_when_it_is_gone()
    {
        Origin.Git("branch", "phase");
        foreach (var task in (string[])["task-a", "task-b", "task-c"]) Origin.Git("branch", task);
        Origin.CommitOn("task-a", "a.txt", "a\n");
        Origin.CommitOn("task-b", "b.txt", "b\n");
        Origin.CommitOn("task-c", "c.txt", "c\n");
        var (projectId, _, clone) = await Factory.RegisterProjectAsync(Origin.Path, "mwc");
        // Makes the clone; phase becomes local.
        Assert.IsType<BranchesMerged>(await MergeAsync(projectId, "task-a", "phase"));
        InClone(clone, "branch", "--no-track", "task-b", "origin/task-b");
        InClone(clone, "branch", "--no-track", "task-c", "origin/task-c");

        // origin moves on; a fetch, even one reused for a while, would show it in the clone's origin/other.
        Origin.Git("branch", "other");
        await Task.Delay(ProjectClones.FetchReuse + TimeSpan.FromSeconds(1));
        var merged = Assert.IsType<BranchesMerged>(await MergeAsync(projectId, "task-b", "phase"));
        Assert.Equal(merged.MergeCommit, InClone(clone, "rev-parse", "phase"));
        Assert.DoesNotContain("origin/other", InClone(clone, "branch", "-r").Split('\n').Select(b => b.Trim()));

        // origin is gone (moved away): nothing of it is needed to merge two branches of the clone.
        var moved = Origin.Path + "-moved";
        Directory.Move(Origin.Path, moved);
        object offline;
        try { offline = await MergeAsync(projectId, "task-c", "phase"); }
        finally { Directory.Move(moved, Origin.Path); }
        Assert.Equal(Assert.IsType<BranchesMerged>(offline).MergeCommit, InClone(clone, "rev-parse", "phase"));
        Assert.Equal("c\n", InClone(clone, "show", "phase:c.txt") + "\n");
    }

    [Fact]
    public async Task Merges_of_parallel_tasks_into_one_phase_branch_at_the_same_moment_all_land()
    {
        // Eight tasks of one phase finish together: their merges arrive side by side, and none may lose the race on the
        // phase branch (a lost compare-and-swap used to answer MergeFailed, which blocks the phase).
        Origin.Git("branch", "phase");
        var tasks = Enumerable.Range(1, 8).Select(n => $"task-{n}").ToList();
        foreach (var task in tasks)
        {
            Origin.Git("branch", task, "main");
            Origin.CommitOn(task, $"{task}.txt", $"{task}\n");
        }
        var (projectId, _, clone) = await Factory.RegisterProjectAsync(Origin.Path, "mwc");
        await MergeAsync(projectId, "main", "phase"); // makes the clone

        var replies = await Task.WhenAll(tasks.Select(task => MergeAsync(projectId, task, "phase")));

        Assert.All(replies, reply => Assert.IsType<BranchesMerged>(reply));
        var files = InClone(clone, "ls-tree", "--name-only", "phase").Split('\n');
        Assert.All(tasks, task => Assert.Contains($"{task}.txt", files));
    }
}
