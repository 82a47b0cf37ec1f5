using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Agents;

/// <summary>
/// An initiative executed by the real Gemini CLI, through the gateway, in the shared system whose default provider is
/// Claude: the initiative names gemini as its provider, so its task agent runs on gemini against the fake Gemini API.
/// The agent asks a question first; the answer, given through the API, resumes the same gemini session, which commits
/// and signals done; the task's branch merges into the phase and the initiative's work lands on the project's main.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class GeminiExecutionTests(CodewalkersApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_task_run_by_gemini_asks_is_answered_resumes_its_session_commits_and_its_branch_merges()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        repo.Git("config", "receive.denyCurrentBranch", "updateInstead");
        var project = await client.RegisterProjectAsync(Api.Unique("gemini"), repo.Path);
        var run = Api.Unique("run");
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Gemini {run}", executionMode = "yolo", projectIds = new[] { project.Id },
            providers = new[] { "gemini" },
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Only" })).Str("id");
        var marker = $"exec-gemini-{run}";
        var taskId = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Write the greeting", description = $"Write greeting.txt. {marker}"
        })).Str("id");
        app.Gemini.Script(marker,
            GeminiSteps.Signal(new
            {
                status = "questions", questions = new[] { new { id = "q1", question = "Which greeting?" } },
            }),
            GeminiSteps.Say("Waiting for an answer."),
            GeminiSteps.Write($"{project.Name}/greeting.txt", "hello from gemini\n"),
            GeminiSteps.Run($"cd {project.Name} && git add greeting.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add the greeting'"),
            GeminiSteps.Signal(new { status = "done", result = new { message = "Greeting written" } }),
            GeminiSteps.Say("Done."));

        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");

        var waiting = await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync("/api/agents/waiting")).Items()
                .FirstOrDefault(a => a.GetProperty("taskId").GetString() == taskId),
            a => a.ValueKind == JsonValueKind.Object, "the task's gemini agent waiting for an answer", Patience);
        var asked = await client.GetJsonAsync($"/api/agents/{waiting.Str("id")}");
        Assert.Equal("gemini", asked.Str("provider"));
        await client.PostJsonAsync($"/api/agents/{waiting.Str("id")}/answers",
            new { answers = new Dictionary<string, string> { ["q1"] = "hello from gemini" } });

        var task = await Eventually.GetAsync(
            () => client.GetJsonAsync($"/api/tasks/{taskId}"),
            t => t.Str("status") is "completed" or "blocked",
            Patience);
        Assert.True(task.Str("status") == "completed",
            $"task: {task}\nfake API: {string.Join("\n", app.Gemini.Log)}");
        Assert.Equal("Greeting written", task.Str("summary"));
        var agent = await client.GetJsonAsync($"/api/agents/{waiting.Str("id")}");
        Assert.Equal(("gemini", "task_complete"), (agent.Str("provider"), agent.Str("statusReason")));
        // Resumed, not restarted: the second session continued the gemini session the question came from.
        Assert.Equal(2, agent.GetProperty("sessionNumber").GetInt32());
        Assert.Equal(asked.Str("sessionId"), agent.Str("sessionId"));
        Assert.Contains("hello from gemini", app.Gemini.Requests(marker)[2]);

        // Yolo: the task's branch merged into the phase, the phase into the initiative, which now awaits its review.
        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/initiatives/{initiativeId}")).Str("status"),
            s => s == "pending_review", "the initiative waiting for its final review", Patience);
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/approve");
        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/initiatives/{initiativeId}")).Str("status"),
            s => s == "completed", "the initiative completed", Patience);
        Assert.Equal("hello from gemini\n", await File.ReadAllTextAsync(Path.Combine(repo.Path, "greeting.txt")));
        Assert.Contains("Add the greeting", repo.Git("log", "--format=%s"));
    }
}
