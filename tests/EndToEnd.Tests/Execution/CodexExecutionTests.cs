using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Execution;

/// <summary>
/// An initiative executed by the real Codex CLI, through the gateway, in the shared system whose default provider is
/// Claude: the initiative names codex as its provider, so its task agent runs on codex against the fake Responses
/// API, and the task's commit lands on the project's main branch after its branch merged into the phase.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class CodexExecutionTests(CodewalkersApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_task_run_by_codex_commits_signals_done_and_its_branch_merges_into_the_phase()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        repo.Git("config", "receive.denyCurrentBranch", "updateInstead");
        var project = await client.RegisterProjectAsync(Api.Unique("codex"), repo.Path);
        var run = Api.Unique("run");
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Codex {run}", executionMode = "yolo", projectIds = new[] { project.Id },
            providers = new[] { "codex" },
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Only" })).Str("id");
        var marker = $"exec-codex-{run}";
        var taskId = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Write the greeting", description = $"Write greeting.txt. {marker}"
        })).Str("id");
        app.Codex.Script(marker,
            CodexSteps.Write($"{project.Name}/greeting.txt", "hello from codex\n"),
            CodexSteps.Run($"cd {project.Name} && git add greeting.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add the greeting'"),
            CodexSteps.Signal(new { status = "done", result = new { message = "Greeting written" } }),
            CodexSteps.Say("Done."));

        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");

        var task = await Eventually.GetAsync(
            () => client.GetJsonAsync($"/api/tasks/{taskId}"),
            t => t.Str("status") is "completed" or "blocked",
            Patience);
        var assignments = (await client.GetJsonAsync($"/api/initiatives/{initiativeId}/assignments")).Items();
        Assert.True(task.Str("status") == "completed",
            $"task: {task}\nassignments: {string.Join("\n", assignments.Select(a => a.ToString()))}\n"
            + $"fake API: {string.Join("\n", app.Codex.Log)}");
        var agentName = Assert.Single(assignments).Str("agentName");
        var agent = (await client.GetJsonAsync("/api/agents")).Items().Single(a => a.Str("name") == agentName);
        Assert.Equal(("codex", "task_complete"), (agent.Str("provider"), agent.Str("statusReason")));

        // Yolo: the task's branch merged into the phase, the phase into the initiative, which now awaits its review.
        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/initiatives/{initiativeId}")).Str("status"),
            s => s == "pending_review", "the initiative waiting for its final review", Patience);
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/approve");
        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/initiatives/{initiativeId}")).Str("status"),
            s => s == "completed", "the initiative completed", Patience);
        Assert.Equal("hello from codex\n", await File.ReadAllTextAsync(Path.Combine(repo.Path, "greeting.txt")));
        Assert.Contains("Add the greeting", repo.Git("log", "--format=%s"));
    }
}
