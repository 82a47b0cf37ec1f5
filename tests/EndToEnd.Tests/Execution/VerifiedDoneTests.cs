using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Execution;

/// <summary>
/// "Verified done" through the gateway: a task in a project whose verify command fails on the agent's first done is
/// resumed with the failure, fixed, verified, completed and merged; both checks are the agent's evidence.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class VerifiedDoneTests(CodewalkersApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_task_whose_check_fails_first_is_fixed_by_its_agent_then_completed_merged_and_its_evidence_kept()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        var name = Api.Unique("verified");
        var project = await client.PostJsonAsync("/api/projects",
            new { name, url = repo.Path, defaultBranch = "main", verifyCommand = "test -f ok.txt", verifyTimeoutSeconds = 60 });
        var run = Api.Unique("run");
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Verified {run}", executionMode = "yolo", projectIds = new[] { project.Str("id") },
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Only" })).Str("id");
        var marker = $"exec-verify-{run}";
        var taskId = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Make it pass", description = $"Make the check pass. {marker}",
        })).Str("id");
        app.Model.Script(marker,
            Steps.Signal(new { status = "done", result = new { message = "Done (not really)" } }),
            Steps.Say("Done."),
            Steps.Write($"{name}/ok.txt", "ok\n"),
            Steps.Bash($"cd {name} && git add ok.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add ok.txt'"),
            Steps.Signal(new { status = "done", result = new { message = "ok.txt added" } }),
            Steps.Say("Done now."));

        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");

        var task = await Eventually.GetAsync(() => client.GetJsonAsync($"/api/tasks/{taskId}"),
            t => t.Str("status") is "completed" or "blocked", Patience);
        Assert.True(task.Str("status") == "completed", $"The task did not complete: {task}");
        // Merged: the phase (its only task merged into it) went on into the initiative branch.
        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/initiatives/{initiativeId}")).Str("status"),
            s => s == "pending_review", "the initiative waiting for its final review", Patience);

        var assignment = Assert.Single((await client.GetJsonAsync($"/api/initiatives/{initiativeId}/assignments"))
            .Items(), a => a.Str("taskId") == taskId);
        var runs = (await client.GetJsonAsync($"/api/agents/{assignment.Str("agentId")}/verifications")).Items();
        Assert.Equal([false, true], runs.Select(r => r.GetProperty("passed").GetBoolean()));
        Assert.Equal([1, 0], runs.Select(r => r.GetProperty("exitCode").GetInt32()));
        Assert.All(runs, r => Assert.Equal("test -f ok.txt", r.Str("command")));
        var agent = await client.GetJsonAsync($"/api/agents/{assignment.Str("agentId")}");
        Assert.True(agent.GetProperty("lastVerification").GetProperty("passed").GetBoolean(), agent.ToString());
    }
}
