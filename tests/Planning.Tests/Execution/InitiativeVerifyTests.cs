using System.Net;
using System.Net.Http.Json;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Execution;

/// <summary>
/// An initiative's verify command: validated like a project's, cleared by "", and carried on what Planning sends the
/// Agents service for its work (the task agent's SpawnAgent, the task's MergeBranches), where it replaces the
/// project's own.
/// </summary>
public sealed class InitiativeVerifyTests(ExecutionFactory factory) : IClassFixture<ExecutionFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();
    private readonly FakeAgents _agents = new(factory);

    [Fact]
    public async Task A_bad_verify_command_is_a_400_naming_the_field_and_changes_nothing()
    {
        var name = $"v{Guid.NewGuid():N}"[..12];
        var created = await (await _client.PostAsJsonAsync("/api/initiatives",
                new { name = $"Initiative {name}", verifyCommand = new string('x', 2001) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(created.GetProperty("errors").TryGetProperty("verifyCommand", out _), created.ToString());

        var initiative = await _client.CreateInitiativeAsync(extra: new
        {
            name = $"Initiative {name}", verifyCommand = "  make check  ",
        });
        Assert.Equal("make check", initiative.VerifyCommand);
        var patched = await (await _client.PatchAsJsonAsync($"/api/initiatives/{initiative.Id}",
                new { name = "Renamed", verifyCommand = "make\u0007check" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(patched.GetProperty("errors").TryGetProperty("verifyCommand", out _), patched.ToString());
        var unchanged = await _client.GetOkAsync<InitiativeResponse>($"/api/initiatives/{initiative.Id}");
        Assert.Equal(($"Initiative {name}", "make check"), (unchanged.Name, unchanged.VerifyCommand));
    }

    [Fact]
    public async Task An_empty_verify_command_clears_it_and_an_absent_one_keeps_it()
    {
        var initiative = await _client.CreateInitiativeAsync(extra: new
        {
            name = $"Initiative {Guid.NewGuid():N}"[..24], verifyCommand = "dotnet test",
        });

        var renamed = await _client.PatchOkAsync<InitiativeResponse>($"/api/initiatives/{initiative.Id}",
            new { name = "Renamed" });
        Assert.Equal("dotnet test", renamed.VerifyCommand);
        var cleared = await _client.PatchOkAsync<InitiativeResponse>($"/api/initiatives/{initiative.Id}",
            new { verifyCommand = "" });
        Assert.Null(cleared.VerifyCommand);
        Assert.Null((await _client.GetOkAsync<InitiativeResponse>($"/api/initiatives/{initiative.Id}")).VerifyCommand);
    }

    [Fact]
    public async Task The_initiatives_command_rides_on_the_task_agents_spawn_and_on_its_merge()
    {
        var initiative = await InitiativeAsync(verifyCommand: "sh initiative-check.sh");
        var task = await ApprovedTaskAsync(initiative.Id);

        await ExecuteAsync(initiative.Id);
        var spawn = (await _agents.AwaitSpawnsAsync(task.Id)).Single();
        Assert.Equal("sh initiative-check.sh", spawn.VerifyCommand);
        await _agents.CompleteAsync(spawn);
        var merge = (await _agents.AwaitMergesAsync(m => m.SourceBranch == spawn.Projects[0].Branch,
            "task merge")).Single();

        Assert.Equal((true, "sh initiative-check.sh"), (merge.VerifyMergedResult, merge.VerifyCommand));
    }

    [Fact]
    public async Task Without_one_the_messages_carry_none_and_each_projects_own_applies()
    {
        var initiative = await InitiativeAsync(verifyCommand: null);
        var task = await ApprovedTaskAsync(initiative.Id);

        await ExecuteAsync(initiative.Id);
        var spawn = (await _agents.AwaitSpawnsAsync(task.Id)).Single();
        await _agents.CompleteAsync(spawn);
        var merge = (await _agents.AwaitMergesAsync(m => m.SourceBranch == spawn.Projects[0].Branch,
            "task merge")).Single();

        Assert.Equal((null, null), (spawn.VerifyCommand, merge.VerifyCommand));
    }

    private async Task<InitiativeResponse> InitiativeAsync(string? verifyCommand)
    {
        var name = $"p{Guid.NewGuid():N}"[..12];
        var project = await _client.PostOkAsync<ProjectsApi.ProjectResponse>("/api/projects",
            new { name, url = $"https://example.invalid/{name}.git", verifyCommand = "sh project-check.sh" },
            HttpStatusCode.Created);
        return await _client.CreateInitiativeAsync(extra: new
        {
            name = $"Initiative {name}", executionMode = "yolo", projectIds = new[] { project.Id }, verifyCommand,
        });
    }

    private async Task<TaskResponse> ApprovedTaskAsync(string initiativeId)
    {
        var phase = await _client.CreatePhaseAsync(initiativeId, "Build");
        var task = await _client.CreateTaskAsync(phase.Id, "Do it");
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/approve", null);
        return task;
    }

    private Task ExecuteAsync(string initiativeId) =>
        _client.PostOkAsync<ExecutionApi.ExecutionResponse>(
            $"/api/initiatives/{initiativeId}/execute", null, HttpStatusCode.Accepted);
}
