using System.Net;
using Codewalkers.Contracts.Agents;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Execution;

/// <summary>
/// "Verified done" on Planning's side: a project's verify command and time limit (validated, carried on its events),
/// and a task whose agent could not get its work past the check is blocked with a reason naming the check.
/// </summary>
public sealed class VerifiedDoneTests(ExecutionFactory factory) : IClassFixture<ExecutionFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();
    private readonly FakeAgents _agents = new(factory);

    [Fact]
    public async Task A_project_keeps_its_verify_command_and_time_limit_and_tells_other_services()
    {
        var name = $"v{Guid.NewGuid():N}"[..12];
        var project = await _client.PostOkAsync<ProjectsApi.ProjectResponse>("/api/projects",
            new { name, url = $"https://example.invalid/{name}.git", verifyCommand = "npm test" },
            HttpStatusCode.Created);
        Assert.Equal(("npm test", 600), (project.VerifyCommand, project.VerifyTimeoutSeconds));

        var updated = await _client.PatchOkAsync<ProjectsApi.ProjectResponse>($"/api/projects/{project.Id}",
            new { verifyCommand = "dotnet test", verifyTimeoutSeconds = 1200 });
        Assert.Equal(("dotnet test", 1200), (updated.VerifyCommand, updated.VerifyTimeoutSeconds));
        var renamed = await _client.PatchOkAsync<ProjectsApi.ProjectResponse>($"/api/projects/{project.Id}",
            new { name = name + "x" });
        Assert.Equal(("dotnet test", 1200), (renamed.VerifyCommand, renamed.VerifyTimeoutSeconds));
        var cleared = await _client.PatchOkAsync<ProjectsApi.ProjectResponse>($"/api/projects/{project.Id}",
            new { verifyCommand = "" });
        Assert.Null(cleared.VerifyCommand);

        var events = await Eventually.ValueAsync(
            () => Task.FromResult(factory.Harness.Published
                .Select<Codewalkers.Contracts.Projects.ProjectUpdated>()
                .Select(m => m.Context.Message).Where(m => m.ProjectId == project.Id).OrderBy(m => m.Version)
                .ToArray()),
            found => found.Length >= 3, "project updates published");
        Assert.Equal(("dotnet test", 1200), (events[0].VerifyCommand, events[0].VerifyTimeoutSeconds));
        Assert.Null(events[^1].VerifyCommand);
    }

    [Fact]
    public async Task Bad_verify_settings_are_400_naming_each_field()
    {
        var name = $"v{Guid.NewGuid():N}"[..12];
        var problem = await (await _client.PostProjectAsync(new
        {
            name, url = $"https://example.invalid/{name}.git", verifyCommand = new string('x', 2001),
            verifyTimeoutSeconds = 5,
        })).AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("verifyCommand", out _), problem.ToString());
        Assert.True(errors.TryGetProperty("verifyTimeoutSeconds", out _), problem.ToString());

        var project = await _client.PostOkAsync<ProjectsApi.ProjectResponse>("/api/projects",
            new { name, url = $"https://example.invalid/{name}.git" }, HttpStatusCode.Created);
        var tooLong = await (await _client.PatchAsJsonAsync($"/api/projects/{project.Id}",
            new { verifyTimeoutSeconds = 7201 })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(tooLong.GetProperty("errors").TryGetProperty("verifyTimeoutSeconds", out _), tooLong.ToString());
        var unchanged = await _client.GetOkAsync<ProjectsApi.ProjectResponse>($"/api/projects/{project.Id}");
        Assert.Equal((null, 600), (unchanged.VerifyCommand, unchanged.VerifyTimeoutSeconds));
    }

    [Fact]
    public async Task A_task_whose_work_never_passes_the_check_is_blocked_with_a_reason_naming_the_check()
    {
        var name = $"p{Guid.NewGuid():N}"[..12];
        var project = await _client.PostOkAsync<ProjectsApi.ProjectResponse>("/api/projects",
            new { name, url = $"https://example.invalid/{name}.git", verifyCommand = "npm test" },
            HttpStatusCode.Created);
        var initiative = await _client.CreateInitiativeAsync(extra: new
        {
            name = $"Initiative {name}", executionMode = "yolo", projectIds = new[] { project.Id },
        });
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var task = await _client.CreateTaskAsync(phase.Id, "Unverifiable");
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/approve", null);
        await _client.PostOkAsync<ExecutionApi.ExecutionResponse>(
            $"/api/initiatives/{initiative.Id}/execute", null, HttpStatusCode.Accepted);

        var spawn = (await _agents.AwaitSpawnsAsync(task.Id)).Single();
        var agentId = await _agents.StartAsync(spawn);
        await factory.Harness.Bus.Publish(new AgentCompleted(agentId, "verifier", spawn.RequestId, spawn.Mode,
            new AgentContext(spawn.TaskId, spawn.PhaseId, spawn.InitiativeId, null),
            SignalOutcomes.VerificationFailed, "Implemented it", [], 2, DateTimeOffset.UtcNow,
            new AgentVerification("npm test", 1, false, 1234, "FAIL test/parser.test.js\n  expected 2, got 3\n",
                DateTimeOffset.UtcNow)));

        var blocked = await Eventually.ValueAsync(
            () => _client.GetOkAsync<TaskResponse>($"/api/tasks/{task.Id}"), t => t.Status == "blocked",
            "blocked by the failed check");
        Assert.Contains("Verification failed: `npm test` exited with code 1", blocked.BlockedReason);
        Assert.Contains("expected 2, got 3", blocked.BlockedReason);
        // Not a crash: no other agent is sent to redo work that only a human can judge now.
        await Task.Delay(300);
        Assert.Single(_agents.SpawnsFor(task.Id));
    }
}
