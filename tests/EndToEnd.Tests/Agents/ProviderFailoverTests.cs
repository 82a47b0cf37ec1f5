using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Agents;

/// <summary>
/// The failover order through the whole system: an initiative listing claude then codex has its task agent spawned by
/// Planning on claude with codex as its fallback, which the Agents service keeps on the agent (the failover itself, with
/// accounts exhausted, runs in tests/Agents.Tests ProviderFailoverTests: accounts here would be shared by every test of
/// this system).
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class ProviderFailoverTests(CodewalkersApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_task_agent_of_an_initiative_runs_on_its_first_provider_and_may_fail_over_to_the_next()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        var project = await client.RegisterProjectAsync(Api.Unique("failover"), repo.Path);
        var run = Api.Unique("run");
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Failover {run}", executionMode = "yolo", projectIds = new[] { project.Id },
            providers = new[] { "claude", "codex" },
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Only" })).Str("id");
        var marker = $"failover-{run}";
        var taskId = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Write the note", description = $"Write note.txt. {marker}"
        })).Str("id");
        app.Model.Script(marker,
            Steps.Bash($"cd {project.Name} && echo note > note.txt && git add note.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add the note'"),
            Steps.Signal(new { status = "done", result = new { message = "Note written" } }),
            Steps.Say("Done."));

        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");

        var task = await Eventually.GetAsync(
            () => client.GetJsonAsync($"/api/tasks/{taskId}"),
            t => t.Str("status") is "completed" or "blocked",
            Patience);
        var assignments = (await client.GetJsonAsync($"/api/initiatives/{initiativeId}/assignments")).Items();
        Assert.True(task.Str("status") == "completed", $"task: {task}");
        var agentName = Assert.Single(assignments).Str("agentName");
        var listed = (await client.GetJsonAsync("/api/agents")).Items().Single(a => a.Str("name") == agentName);
        var agent = await client.GetJsonAsync($"/api/agents/{listed.Str("id")}");
        Assert.Equal("claude", agent.Str("provider"));
        Assert.Equal(["claude", "codex"],
            agent.GetProperty("allowedProviders").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(0, agent.GetProperty("providerHistory").GetArrayLength());
    }
}
