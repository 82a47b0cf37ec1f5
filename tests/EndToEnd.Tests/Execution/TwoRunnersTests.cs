using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Execution;

/// <summary>
/// An initiative run by two agent runners (<c>Agents__Replicas=2</c>) through the gateway with the real Claude CLI:
/// its tasks spread over both, their branches move through the shared git remote, and a runner killed with SIGKILL
/// mid-run (restarted by the AppHost) loses no task and does none twice.
/// </summary>
[Collection(TwoRunnersAppCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TwoRunnersTests(TwoRunnersApp app)
{
    private const int Tasks = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(8);

    [TwoRunnersFact]
    public async Task Twenty_tasks_spread_over_two_runners_and_one_killed_midway_all_land_exactly_once()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        repo.Git("config", "receive.denyCurrentBranch", "updateInstead");
        var project = await client.RegisterProjectAsync(Api.Unique("runners"), repo.Path);
        var run = Api.Unique("run");
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Two runners {run}", executionMode = "yolo", projectIds = new[] { project.Id },
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Only" })).Str("id");
        var taskIds = new List<string>();
        foreach (var i in Enumerable.Range(1, Tasks))
        {
            var marker = $"two-runners-{run}-task-{i:00}";
            taskIds.Add((await client.PostJsonAsync("/api/tasks", new
            {
                initiativeId, phaseId, name = $"File {i}", description = $"Write file {i}. {marker}",
            })).Str("id"));
            // The file names the agent's directory: a task done twice would leave a second, different commit.
            // Every agent of the task from the first step: the task of an agent lost with its runner is retried.
            app.Model.ScriptForEachAgent(marker,
                BashIn(workdir => $"cd {workdir}/{project.Name} && echo {workdir} > task-{i:00}.txt && git add -A "
                    + $"&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'task {i:00}'"),
                Steps.Signal(new { status = "done", result = new { message = $"file {i} written" } }),
                Steps.Say("Done."));
        }

        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");

        // Both runners have taken agents of the initiative; then the second one dies while tasks are still to run.
        await Eventually.ValueAsync(() => RunnersOfAsync(client, initiativeId), owners => owners.Count >= 2,
            "agents of the initiative on both runners", Patience);
        var completedBeforeKill = await CompletedTasksAsync(client, initiativeId);
        Assert.True(completedBeforeKill < Tasks, "the runner was killed after every task had completed");
        // Under load a runner may still be starting (the gateway waits for the first only); it is killed once up.
        await app.App.ResourceNotifications.WaitForResourceHealthyAsync("agents-2", ResourceProcesses.Timeout(240));
        var (_, runner) = await app.ProcessesOfAsync("agents-2");
        LinuxProcesses.Signal(runner, "KILL");

        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/initiatives/{initiativeId}")).Str("status"),
            s => s == "pending_review", "every task merged", Patience);
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/approve");
        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/initiatives/{initiativeId}")).Str("status"),
            s => s == "completed", "the initiative completed", Patience);

        // Each runner owned agents of it, every task finished once, and the user's main has each task's file from
        // exactly one commit.
        var owners = await RunnersOfAsync(client, initiativeId);
        Assert.True(owners.Count == 2 && owners.Values.All(n => n >= 1), $"agents per runner: {Describe(owners)}");
        var assignments = (await client.GetJsonAsync($"/api/initiatives/{initiativeId}/assignments")).Items();
        foreach (var taskId in taskIds)
            Assert.Single(assignments, a => a.Str("taskId") == taskId && a.Str("status") == "finished");
        var subjects = repo.Git("log", "--format=%s", "main").Split('\n');
        for (var i = 1; i <= Tasks; i++)
        {
            Assert.True(File.Exists(Path.Combine(repo.Path, $"task-{i:00}.txt")), $"task-{i:00}.txt on main");
            Assert.Single(subjects, s => s == $"task {i:00}");
        }
        Assert.Equal(Tasks, await CompletedTasksAsync(client, initiativeId));
    }

    /// <summary>How many of the initiative's execution agents each runner owns (<c>runnerId</c>).</summary>
    private static async Task<Dictionary<string, int>> RunnersOfAsync(HttpClient client, string initiativeId) =>
        (await client.GetJsonAsync("/api/agents")).Items()
            .Where(a => a.TryGetProperty("initiativeId", out var i) && i.ValueKind == JsonValueKind.String
                && i.GetString() == initiativeId)
            .GroupBy(a => a.Str("runnerId"))
            .ToDictionary(g => g.Key, g => g.Count());

    private static async Task<int> CompletedTasksAsync(HttpClient client, string initiativeId) =>
        (await client.GetJsonAsync($"/api/tasks?initiativeId={initiativeId}")).Items()
            .Count(t => t.Str("status") == "completed");

    private static string Describe(Dictionary<string, int> owners) =>
        string.Join(", ", owners.Select(o => $"{o.Key}: {o.Value}"));

    /// <summary>A shell command given the agent's directory (each agent works in a directory of its own).</summary>
    private static Func<string, Reply> BashIn(Func<string, string> command) =>
        workdir => new Reply.Tools(new ToolCall("Bash", new { command = command(workdir), description = "run" }));
}
