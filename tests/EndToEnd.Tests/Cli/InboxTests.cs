using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Cli;

/// <summary>
/// The user's inbox end to end: a real Claude CLI execution agent (the fake Messages API scripts it) signals
/// questions; the item appears through the gateway with its initiative, phase and task names; `cw inbox` answers it;
/// Collaboration sends ResumeAgent to the Agents service, which continues the same provider session as the next
/// session number, and the agent finishes. Needs the Agents service's ResumeAgent consumer.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class InboxTests(CodewalkersApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_question_from_an_execution_agent_is_answered_from_the_inbox_and_the_same_session_goes_on()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        var project = await client.RegisterProjectAsync(Api.Unique("inbox"), repo.Path);
        var run = Api.Unique("run");
        var initiativeName = $"Inbox {run}";
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = initiativeName, executionMode = "review_per_phase", projectIds = new[] { project.Id }
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Greeting" })).Str("id");
        var marker = $"exec-inbox-{run}";
        var taskId = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Write the greeting", description = $"Write greeting.txt. {marker}"
        })).Str("id");
        app.Model.Script(marker,
            Steps.Signal(new
            {
                status = "questions",
                questions = new object[]
                {
                    new { id = "greeting", question = "Which greeting?", options = new[] { "hello", "hi" } },
                    new { id = "q2", question = "Add a newline?" },
                },
            }),
            Steps.Say("Waiting for answers."),
            // After the resume: served only if the CLI continued the first session (the marker is in its history).
            Steps.Write($"{project.Name}/greeting.txt", "hello\n"),
            Steps.Bash($"cd {project.Name} && git add greeting.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add greeting'"),
            Steps.Signal(new { status = "done", result = new { message = "Wrote hello" } }),
            Steps.Say("Done."));
        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");

        var item = await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/messages?taskId={taskId}&kind=questions")).Items()
                .FirstOrDefault(),
            i => i.ValueKind == JsonValueKind.Object && i.Str("phaseName") == "Greeting",
            "the agent's questions in the inbox, with the plan's names", Patience);
        Assert.Equal((initiativeName, "Write the greeting", "pending", 1), (item.Str("initiativeName"),
            item.Str("taskName"), item.Str("status"), item.GetProperty("session").GetInt32()));
        Assert.Equal(["greeting", "q2"], item.GetProperty("questions").EnumerateArray().Select(q => q.Str("id")));
        var agentId = item.Str("agentId");
        var listed = await CwCommandLine.RunAsync(app, ["inbox", "--list"]);
        Assert.Contains($"{initiativeName} / Greeting / Write the greeting", listed.Succeeded().Out);

        var answered = await CwCommandLine.RunAsync(app,
            ["inbox", "--answer", item.Str("id"), "greeting=hello", "q2=yes"]);
        Assert.Contains("Answered 2 question(s) of", answered.Succeeded().Out);

        var sessions = await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/agents/{agentId}/sessions")).Items(),
            s => s.Length == 2 && s[1].Str("outcome") == "done", "the resumed session done", Patience);
        Assert.Equal([1, 2], sessions.Select(s => s.GetProperty("sessionNumber").GetInt32()));
        Assert.Equal(sessions[0].Str("providerSessionId"), sessions[1].Str("providerSessionId"));
        Assert.Equal(["questions", "done"], sessions.Select(s => s.Str("outcome")));
        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/tasks/{taskId}")).Str("status"),
            s => s == "completed", "the task completed", Patience);

        var thread = (await CwCommandLine.RunAsync(app, ["inbox", "show", item.Str("id"), "--json"])).Succeeded().Json;
        var messages = thread.GetProperty("thread").Items();
        Assert.Equal(("responded", "reply", "sent"),
            (messages[0].Str("status"), messages[1].Str("kind"), messages[1].Str("status")));
        Assert.Equal("hello", messages[1].GetProperty("answers").Str("greeting"));
        // The finished task is an item of its own, with the same context.
        var done = await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/messages?taskId={taskId}&kind=task_completed")).Items(),
            d => d.Length == 1, "the finished task in the inbox", Patience);
        Assert.Equal(("Greeting", agentId), (done[0].Str("phaseName"), done[0].Str("agentId")));
    }
}
