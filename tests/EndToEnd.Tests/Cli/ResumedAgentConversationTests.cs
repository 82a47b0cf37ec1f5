using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Cli;

/// <summary>
/// A question to an agent whose task is over: agent B (the real Claude CLI) finishes its task and stops with its
/// session; agent A, whose task depends on B's, asks the agent of B's task with `cw ask`. Collaboration sends the
/// Agents service a ResumeAgent (reason conversation); B's session continues with the conversation prompt, runs
/// `cw listen`, answers with `cw answer` and finishes again; A goes on with the answer. All through the gateway.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class ResumedAgentConversationTests(CodewalkersApp app)
{
    [Fact]
    public async Task A_question_to_a_stopped_agent_resumes_it_and_it_answers()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        var project = await client.RegisterProjectAsync(Api.Unique("resume"), repo.Path);
        var run = Api.Unique("run");
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Resume {run}", executionMode = "review_per_phase", projectIds = new[] { project.Id }
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Work" })).Str("id");
        // A's prompt quotes the task it builds on (B's marker too): the fake model picks the longest marker.
        var asker = $"exec-the-asking-agent-{run}";
        var answerer = $"exec-answerer-{run}";
        var answererTask = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Build the server", description = $"Server. {answerer}"
        })).Str("id");
        var askerTask = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Build the client", description = $"Client. {asker}",
            dependsOn = new[] { answererTask },
        })).Str("id");
        var shell = new AgentShell(Path.Combine(app.Repositories, $"resume-{run}"));
        app.Model.Script(answerer,
            // First session: the task is done at once, the agent stops with its session.
            Steps.Signal(new { status = "done", result = new { message = "Server built." } }),
            Steps.Say("Done."),
            // Resumed for the question: listen, answer, finish again.
            Steps.Bash(shell.Capture("listen", "cw listen --timeout 60")),
            Steps.Bash(shell.Capture("answer",
                $"cw answer $(grep -o '\"id\": *\"[^\"]*\"' {shell.Directory}/listen.out | head -1 "
                + "| sed 's/.*\"\\([^\"]*\\)\"$/\\1/') 8080")),
            Steps.Signal(new { status = "done", result = new { message = "Answered." } }),
            Steps.Say("Answered."));
        app.Model.Script(asker,
            // The Bash tool's own limit is raised: the ask waits for another agent's whole resumed session.
            _ => new Reply.Tools(new ToolCall("Bash", new
            {
                command = shell.Capture("ask",
                    $"cw ask 'Which port does the server use?' --task {answererTask} --timeout 240"),
                description = "ask", timeout = 300_000,
            })),
            Steps.Bash($"cat {shell.Directory}/ask.out"),
            Steps.Signal(new { status = "done", result = new { message = "Client uses the answer." } }),
            Steps.Say("Done."));

        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");
        await Eventually.TrueAsync(() => Task.FromResult(shell.Finished("ask")),
            "the asker's cw ask returned", TimeSpan.FromMinutes(5));
        Assert.True(shell.Finished("listen"), "the answerer was never resumed to listen");
        // The answer is committed (and the ask returns) before the answerer's shell writes down its exit code.
        await Eventually.TrueAsync(() => Task.FromResult(shell.Finished("answer")), "the answerer's cw answer");

        Assert.Equal("0", shell.Read("listen.rc"));
        var heard = JsonDocument.Parse(shell.Read("listen.out")).RootElement;
        Assert.Equal(("Which port does the server use?", answererTask), (heard.Str("question"), heard.Str("taskId")));
        Assert.Equal("0", shell.Read("answer.rc"));
        Assert.Equal("0", shell.Read("ask.rc"));
        var answered = JsonDocument.Parse(shell.Read("ask.out")).RootElement;
        Assert.Equal(("answered", "8080"), (answered.Str("status"), answered.Str("answer")));

        // Both finish: B after its second session, A with the answer in its output.
        var (askerAgent, answererAgent) = (answered.Str("fromAgentId"), answered.Str("toAgentId"));
        await Eventually.TrueAsync(async () =>
        {
            var b = await client.GetJsonAsync($"/api/agents/{answererAgent}");
            var a = await client.GetJsonAsync($"/api/agents/{askerAgent}");
            return b.Str("status") == "stopped" && b.GetProperty("sessionNumber").GetInt32() == 2
                && a.Str("status") == "stopped";
        }, "both agents stopped, the answerer after its resumed session", TimeSpan.FromMinutes(2));
        var askerLog = await client.GetStringAsync($"/api/agents/{askerAgent}/logs");
        Assert.Contains("8080", askerLog);
        var sessions = await client.GetJsonAsync($"/api/agents/{answererAgent}/sessions");
        Assert.Equal(2, sessions.GetArrayLength());
    }
}
