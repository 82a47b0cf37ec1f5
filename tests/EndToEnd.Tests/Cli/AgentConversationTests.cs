using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Cli;

/// <summary>
/// Two execution agents (the real Claude CLI) talk through the Collaboration service with `cw`: one asks the agent of
/// another task and waits; the other, between its steps, listens, reads the question and answers; the asker goes on
/// with the answer. Everything through the gateway with each agent's own token.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class AgentConversationTests(CodewalkersApp app)
{
    [Fact]
    public async Task An_agent_asks_the_agent_of_another_task_and_gets_its_answer()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        var project = await client.RegisterProjectAsync(Api.Unique("talk"), repo.Path);
        var run = Api.Unique("run");
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Talk {run}", executionMode = "review_per_phase", projectIds = new[] { project.Id }
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Work" })).Str("id");
        var asker = $"exec-asker-{run}";
        var answerer = $"exec-answerer-{run}";
        var askerTask = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Build the client", description = $"Client. {asker}"
        })).Str("id");
        var answererTask = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Build the server", description = $"Server. {answerer}"
        })).Str("id");
        var shell = new AgentShell(Path.Combine(app.Repositories, $"talk-{run}"));
        // The answerer may not be running yet when the asker starts: ask again until its agent is there.
        app.Model.Script(asker,
            Steps.Bash(shell.Capture("ask",
                $"for i in $(seq 1 60); do cw ask 'Which port does the server use?' --task {answererTask} "
                + "--timeout 120 && break; sleep 1; done")),
            Steps.Signal(new { status = "done", result = new { message = "Asked." } }),
            Steps.Say("Done."));
        app.Model.Script(answerer,
            Steps.Bash(shell.Capture("listen", "cw listen --timeout 120")),
            Steps.Bash(shell.Capture("answer",
                $"cw answer $(grep -o '\"id\": *\"[^\"]*\"' {shell.Directory}/listen.out | head -1 "
                + "| sed 's/.*\"\\([^\"]*\\)\"$/\\1/') 8080")),
            Steps.Signal(new { status = "done", result = new { message = "Answered." } }),
            Steps.Say("Done."));

        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");
        await Eventually.TrueAsync(() => Task.FromResult(shell.Finished("ask") && shell.Finished("answer")),
            "both agents ran their cw commands", TimeSpan.FromMinutes(3));

        Assert.Equal("0", shell.Read("listen.rc"));
        var heard = JsonDocument.Parse(shell.Read("listen.out")).RootElement;
        Assert.Equal("Which port does the server use?", heard.Str("question"));
        Assert.Equal(answererTask, heard.Str("taskId"));
        Assert.Equal("0", shell.Read("answer.rc"));
        Assert.Equal("0", shell.Read("ask.rc"));
        var answered = JsonDocument.Parse(shell.Read("ask.out")).RootElement;
        Assert.Equal(("answered", "8080"), (answered.Str("status"), answered.Str("answer")));
        var stored = await client.GetJsonAsync($"/api/conversations/{heard.Str("id")}");
        Assert.Equal("8080", stored.Str("answer"));
    }
}
