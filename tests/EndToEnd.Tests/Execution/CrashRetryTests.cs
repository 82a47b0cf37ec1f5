using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Execution;

/// <summary>
/// A task whose agent dies is run again by a new agent that continues the dead one's work: through the gateway, with
/// the real Claude CLI killed for real (SIGKILL to its whole process group, as the OOM killer or a crash would end it).
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class CrashRetryTests(CodewalkersApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_task_whose_agent_is_killed_is_retried_on_the_work_it_left_and_the_initiative_lands()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        repo.Git("config", "receive.denyCurrentBranch", "updateInstead");
        var project = await client.RegisterProjectAsync(Api.Unique("crashy"), repo.Path);
        var run = Api.Unique("run");
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Crashy {run}", executionMode = "yolo", projectIds = new[] { project.Id }
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Only" })).Str("id");
        var marker = $"exec-crash-{run}";
        var taskId = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Write the files", description = $"Write the files. {marker}"
        })).Str("id");

        // One script for both agents of the task (the marker is in both prompts): the first commits, leaves a file
        // uncommitted and is killed with its CLI; the second records what its worktree holds, commits and finishes.
        app.Model.Script(marker,
            Steps.Write($"{project.Name}/before-crash.txt", "committed before the crash\n"),
            Steps.Bash($"cd {project.Name} && git add before-crash.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Work before the crash' "
                + "&& echo 'left uncommitted' > uncommitted.txt"),
            // The wrapper's pid leads the agent's process group: wrapper, CLI and this shell all die,
            // no exit code is written.
            BashIn(workdir => $"kill -9 -- -$(cat {workdir}/.cw/logs/pid.1)"),
            BashIn(workdir => $"cd {workdir}/{project.Name} "
                + $"&& {{ git log --format=%s; cat uncommitted.txt; }} > after-retry.txt && git add -A "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Finish after the retry'"),
            Steps.Signal(new { status = "done", result = new { message = "Finished after a crash" } }),
            Steps.Say("Done."));

        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");

        var task = await Eventually.GetAsync(
            () => client.GetJsonAsync($"/api/tasks/{taskId}"),
            t => t.Str("status") is "completed" or "blocked",
            Patience);
        var assignments = (await client.GetJsonAsync($"/api/initiatives/{initiativeId}/assignments")).Items();
        var seen = $"task: {task}\nassignments: {string.Join("\n", assignments.Select(a => a.ToString()))}";
        Assert.True(task.Str("status") == "completed",
            $"The task did not complete after its agent was killed.\n{seen}");
        Assert.Equal(1, task.GetProperty("retryCount").GetInt32());
        // Two agents: the killed one (its assignment failed, saying so) and the one that finished.
        Assert.Equal(2, assignments.Length);
        Assert.Contains(assignments,
            a => a.Str("status") == "failed" && a.Str("error").Contains("crashed", StringComparison.Ordinal));
        Assert.Contains(assignments, a => a.Str("status") == "finished");
        Assert.Equal(2, assignments.Select(a => a.Str("agentName")).Distinct().Count());

        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/initiatives/{initiativeId}")).Str("status"),
            s => s == "pending_review", "the initiative waiting for its final review", Patience);
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/approve");
        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/initiatives/{initiativeId}")).Str("status"),
            s => s == "completed", "the initiative completed", Patience);

        // The user's main has both runs' work,
        // and the second agent saw the first one's commit and its uncommitted file.
        Assert.Equal("committed before the crash\n",
            await File.ReadAllTextAsync(Path.Combine(repo.Path, "before-crash.txt")));
        var sawAfterRetry = await File.ReadAllTextAsync(Path.Combine(repo.Path, "after-retry.txt"));
        Assert.Contains("Work before the crash", sawAfterRetry);
        Assert.Contains("left uncommitted", sawAfterRetry);
        Assert.Equal(JsonValueKind.Null,
            (await client.GetJsonAsync($"/api/tasks/{taskId}")).GetProperty("blockedReason").ValueKind);
    }

    /// <summary>
    /// A shell command given the agent's directory: the CLI's Bash tool keeps the directory a command moved to, and the
    /// second agent of the task works in a directory of its own.
    /// </summary>
    private static Func<string, Reply> BashIn(Func<string, string> command) =>
        workdir => new Reply.Tools(new ToolCall("Bash", new { command = command(workdir), description = "run" }));
}
