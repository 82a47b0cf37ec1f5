using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Cli;

/// <summary>
/// An execution agent (the real Claude CLI) talks back with `cw` from its worktree, as its prompt tells it: the `cw`
/// on its PATH, its own CW_TOKEN and CW_AGENT_ID from the environment the Agents service gave it, nothing else.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class AgentCwTests(CodewalkersApp app)
{
    [Fact]
    public async Task An_agent_adds_a_subtask_with_cw_and_its_token_is_refused_what_only_the_user_decides()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        var project = await client.RegisterProjectAsync(Api.Unique("talkback"), repo.Path);
        var run = Api.Unique("run");
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Talk back {run}", executionMode = "review_per_phase", projectIds = new[] { project.Id }
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Work" })).Str("id");
        var marker = $"exec-talkback-{run}";
        var taskId = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Do the work", description = $"Do it. {marker}"
        })).Str("id");
        var shell = new AgentShell(Path.Combine(app.Repositories, $"cw-results-{run}"));
        // The subtask it adds is dispatched in its turn: its agent finishes at once.
        var subtaskMarker = $"exec-subtask-{run}";
        app.Model.Script(subtaskMarker, Steps.Signal(new { status = "done" }), Steps.Say("Done."));
        app.Model.Script(marker,
            Steps.Bash(shell.Capture("add", $"cw task add 'Write the docs' --description 'Docs. {subtaskMarker}'")),
            Steps.Bash(shell.Capture("list", $"cw task list --initiative {initiativeId}")),
            Steps.Bash(shell.Capture("approve", $"cw initiative approve {initiativeId}")),
            Steps.Bash(shell.Capture("agents", "cw agent list")),
            Steps.Signal(new { status = "done", result = new { message = "Talked back." } }),
            Steps.Say("Done."));

        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");
        await Eventually.TrueAsync(() => Task.FromResult(shell.Finished("agents")),
            "the agent ran its cw commands", TimeSpan.FromMinutes(3));

        // Agent-facing output is JSON, and the task it added hangs under its own task.
        Assert.Equal("0", shell.Read("add.rc"));
        var added = System.Text.Json.JsonDocument.Parse(shell.Read("add.out")).RootElement;
        Assert.Equal((taskId, phaseId), (added.Str("parentTaskId"), added.Str("phaseId")));
        var stored = await client.GetJsonAsync($"/api/tasks/{added.Str("id")}");
        Assert.Equal("Write the docs", stored.Str("name"));
        Assert.Equal("0", shell.Read("list.rc"));
        Assert.Contains(taskId, shell.Read("list.out"));
        // What only the user decides: one line naming the refusal, the documented exit code (6), no stack trace.
        Assert.Equal("6", shell.Read("approve.rc"));
        Assert.Contains("agent token may not POST", shell.Read("approve.err"));
        Assert.DoesNotContain("   at ", shell.Read("approve.err"));
        Assert.Equal("6", shell.Read("agents.rc"));
        Assert.Equal("active", (await client.GetJsonAsync($"/api/initiatives/{initiativeId}")).Str("status"));

        // The person follows that agent's output with cw: it ends with the run, showing what the agent did.
        var agentName = (await client.GetJsonAsync("/api/agents")).Items()
            .Single(a => a.GetProperty("taskId").GetString() == taskId).Str("name");
        var logs = (await CwCommandLine.RunAsync(app, ["agent", "logs", agentName, "--follow"],
            TimeSpan.FromMinutes(2))).Succeeded();
        Assert.Contains("cw task add", logs.Out);
        Assert.Contains("Done.", logs.Out);
    }
}
