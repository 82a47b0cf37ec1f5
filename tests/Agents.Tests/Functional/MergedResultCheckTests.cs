using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Projects;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// The check on merged results: MergeBranches with VerifyMergedResult runs the project's verify command on the merge
/// commit (real git, real sh) before the target moves. Two branches each fine alone whose combination fails never reach
/// the target; the evidence comes back with the refusal and stays readable.
/// </summary>
[Collection(nameof(ClaudeAgents))]
public sealed class MergedResultCheckTests(AgentsFactory factory, ITestOutputHelper output)
    : TestsWithOrigin(factory)
{
    /// <summary>Red when both a.txt and b.txt exist: each task alone passes, the two together fail.</summary>
    private const string AtMostOneFile =
        "if [ -f a.txt ] && [ -f b.txt ]; then echo 'a.txt and b.txt must not both exist'; exit 3; fi; echo ok";

    [Fact]
    public async Task A_merge_whose_result_fails_the_check_leaves_the_target_and_answers_with_the_evidence()
    {
        Origin.Git("branch", "phase");
        Origin.Git("branch", "task-a");
        Origin.Git("branch", "task-b");
        Origin.CommitOn("task-a", "a.txt", "a\n");
        Origin.CommitOn("task-b", "b.txt", "b\n");
        var project = await RegisterAsync(AtMostOneFile, 60);

        var first = Assert.IsType<BranchesMerged>(await MergeAsync(project.Id, "task-a", "phase", verify: true));
        Assert.Equal(first.MergeCommit, InClone(project, "rev-parse", "phase"));
        // A worktree a crashed check left behind (as a service killed mid-check would) goes with the next merge.
        var leftover = Path.Combine(Factory.Home, "workspace", "checks", "leftover");
        InClone(project, "worktree", "add", "--detach", leftover, "phase");

        var refused = Assert.IsType<MergeVerificationFailed>(
            await MergeAsync(project.Id, "task-b", "phase", verify: true));

        Assert.Equal(first.MergeCommit, InClone(project, "rev-parse", "phase"));
        Assert.Equal((AtMostOneFile, 3, false), (refused.Verification.Command, refused.Verification.ExitCode,
            refused.Verification.TimedOut));
        Assert.Contains("a.txt and b.txt must not both exist", refused.Verification.OutputTail);
        // The refused commit is the merge of both, yet nothing points at it.
        Assert.Equal("b\n", InClone(project, "show", $"{refused.MergeCommit}:b.txt") + "\n");
        Assert.Equal("", InClone(project, "branch", "--contains", refused.MergeCommit));
        AssertNoCheckWorktreeLeft(project);

        // Other tests merge into branches called "phase" too: this project's only.
        var listed = (await Client.GetFromJsonAsync<MergedResultChecksApi.MergedResultCheckResponse[]>(
            $"/api/workspace/verifications?branch=phase&projectId={project.Id}"))!;
        Assert.Equal([(refused.RequestId, false, 3), (first.RequestId, true, 0)],
            listed.Select(c => (c.RequestId, c.Passed, c.ExitCode ?? -1)));
        Assert.Equal((refused.MergeCommit, "task-b", project.Name), (listed[0].MergeCommit, listed[0].SourceBranch,
            listed[0].Project));
        Assert.Contains("must not both exist", listed[0].OutputTail);
        var byRequest = await Client.GetFromJsonAsync<MergedResultChecksApi.MergedResultCheckResponse[]>(
            $"/api/workspace/verifications?requestId={refused.RequestId}");
        Assert.Equal(refused.RequestId, Assert.Single(byRequest!).RequestId);

        // A sender that does not ask for the check (a message from before it) merges as before.
        Assert.IsType<BranchesMerged>(await MergeAsync(project.Id, "task-b", "phase", verify: false));
    }

    [Fact]
    public async Task A_passing_check_moves_the_target_and_a_push_carries_it_to_origin()
    {
        // origin's main is checked out (git refuses a push to it): the default branch here is "release".
        Origin.Git("branch", "release");
        Origin.Git("branch", "initiative");
        Origin.Git("branch", "warm-up");
        Origin.Git("branch", "plain");
        Origin.CommitOn("initiative", "a.txt", "a\n");
        Origin.CommitOn("warm-up", "w.txt", "w\n");
        Origin.CommitOn("plain", "p.txt", "p\n");
        var project = await RegisterAsync(AtMostOneFile, 60);
        // The figure: the same kind of merge with and without the check (the check here is one short sh), once the
        // clone exists (the first merge makes it).
        Assert.IsType<BranchesMerged>(await MergeAsync(project.Id, "warm-up", "release", verify: false, push: true));
        var withoutCheck = Stopwatch.StartNew();
        Assert.IsType<BranchesMerged>(await MergeAsync(project.Id, "plain", "release", verify: false, push: true));
        withoutCheck.Stop();

        var withCheck = Stopwatch.StartNew();
        var merged = Assert.IsType<BranchesMerged>(
            await MergeAsync(project.Id, "initiative", "release", verify: true, push: true));
        withCheck.Stop();

        Assert.True(merged.Pushed);
        Assert.Equal(merged.MergeCommit, Origin.Git("rev-parse", "release"));
        var check = await Factory.QueryAsync(db =>
            db.MergedResultChecks.SingleAsync(c => c.RequestId == merged.RequestId));
        Assert.True(check.Passed);
        Assert.Equal(merged.MergeCommit, check.MergeCommit);
        AssertNoCheckWorktreeLeft(project);
        output.WriteLine($"merge + push without check: {withoutCheck.ElapsedMilliseconds} ms; with check: " +
            $"{withCheck.ElapsedMilliseconds} ms (the check itself {check.DurationMs} ms)");
    }

    [Fact]
    public async Task A_check_past_its_time_limit_is_killed_and_counts_as_red()
    {
        Origin.Git("branch", "phase");
        Origin.Git("branch", "task");
        Origin.CommitOn("task", "t.txt", "t\n");
        var marker = Ids.New()[..8];
        // A duration no other process on the machine sleeps, to find this one.
        var sleep = $"120.{Random.Shared.Next(100000, 999999)}";
        var project = await RegisterAsync($"echo started {marker}; sleep {sleep}; echo finished", 10);
        var phase = Origin.Git("rev-parse", "phase");

        var timer = Stopwatch.StartNew();
        var refused = Assert.IsType<MergeVerificationFailed>(
            await MergeAsync(project.Id, "task", "phase", verify: true, timeout: TimeSpan.FromSeconds(60)));

        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(30), $"took {timer.Elapsed}");
        Assert.Equal((null, true), (refused.Verification.ExitCode, refused.Verification.TimedOut));
        Assert.Contains($"started {marker}", refused.Verification.OutputTail);
        Assert.DoesNotContain("finished", refused.Verification.OutputTail);
        // The clone had phase only as origin's: a merge that landed would have made it local.
        Assert.Equal("", InClone(project, "branch", "--list", "phase"));
        Assert.Equal(phase, InClone(project, "rev-parse", "origin/phase"));
        AssertNoCheckWorktreeLeft(project);
        // The sleep was in the check's process group: killed with it.
        Assert.DoesNotContain(Process.GetProcessesByName("sleep"), p => CommandLine(p.Id) == $"sleep\0{sleep}\0");
    }

    [Fact]
    public async Task A_list_without_a_branch_or_a_request_is_a_400_naming_what_is_missing()
    {
        var response = await Client.GetAsync("/api/workspace/verifications");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("branch", await response.Content.ReadAsStringAsync());
    }

    private void AssertNoCheckWorktreeLeft(RegisteredProject project)
    {
        Assert.Single(InClone(project, "worktree", "list", "--porcelain").Split('\n'),
            l => l.StartsWith("worktree ", StringComparison.Ordinal));
        var checks = Path.Combine(Factory.Home, "workspace", "checks");
        Assert.Empty(Directory.Exists(checks)
            ? Directory.GetDirectories(checks).Where(d => Path.GetFileName(d) != ".logs") : []);
    }

    private static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline"); }
        catch (IOException) { return ""; }
    }

    private string InClone(RegisteredProject project, params string[] args) =>
        Origin.Git(["-C", project.ClonePath, .. args]);

    private async Task<object> MergeAsync(string projectId, string source, string target, bool verify,
        bool push = false, TimeSpan? timeout = null)
    {
        var merge = new MergeBranches(Ids.New(), projectId, source, target, push, verify);
        await Factory.SendCommandAsync(merge);
        return await Eventually.ValueAsync(() => Task.FromResult(Factory.Harness.Published.Select<object>()
                .Select(m => m.Context.Message)
                .FirstOrDefault(m => m is BranchesMerged b && b.RequestId == merge.RequestId
                    || m is MergeVerificationFailed v && v.RequestId == merge.RequestId
                    || m is MergeConflicted c && c.RequestId == merge.RequestId
                    || m is MergeFailed f && f.RequestId == merge.RequestId)),
            reply => reply is not null, $"reply to {merge.RequestId}", timeout ?? TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException();
    }

    private async Task<RegisteredProject> RegisterAsync(string verifyCommand, int timeoutSeconds)
    {
        var id = Ids.New();
        var name = $"merged-{id[..6]}";
        await Factory.Harness.Bus.Publish(new ProjectRegistered(id, name, Origin.Path, "main", 1,
            DateTimeOffset.UtcNow, verifyCommand, timeoutSeconds));
        await Eventually.ValueAsync(() => Factory.QueryAsync(db => db.Projects.AnyAsync(p => p.Id == id)),
            known => known, "project view");
        return new RegisteredProject(id, name, Path.Combine(Factory.Home, "workspace", "repos", name));
    }
}
