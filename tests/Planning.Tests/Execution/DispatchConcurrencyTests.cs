using System.Net;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Execution;

/// <summary>The concurrency limit holds across initiatives: a third ready task waits for a free slot.</summary>
public sealed class DispatchConcurrencyTests(TwoAgentsFactory factory) : IClassFixture<TwoAgentsFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();
    private readonly FakeAgents _agents = new(factory);

    [Fact]
    public async Task No_more_agents_run_than_the_limit_and_the_highest_priority_goes_first()
    {
        var name = $"p{Guid.NewGuid():N}"[..12];
        var project = await _client.PostOkAsync<ProjectsApi.ProjectResponse>(
            "/api/projects", new { name, url = $"https://example.invalid/{name}.git" }, HttpStatusCode.Created);
        var initiative = await _client.CreateInitiativeAsync(
            extra: new { name = "Busy", executionMode = "yolo", projectIds = new[] { project.Id } });
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var low = await _client.PostOkAsync<TaskResponse>(
            "/api/tasks", new { phaseId = phase.Id, name = "Low", priority = "low" }, HttpStatusCode.Created);
        var medium = await _client.CreateTaskAsync(phase.Id, "Medium");
        var high = await _client.PostOkAsync<TaskResponse>(
            "/api/tasks", new { phaseId = phase.Id, name = "High", priority = "high" }, HttpStatusCode.Created);
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/approve", null);
        await _client.PostOkAsync<ExecutionApi.ExecutionResponse>(
            $"/api/initiatives/{initiative.Id}/execute", null, HttpStatusCode.Accepted);

        await _agents.AwaitSpawnsAsync(high.Id);
        await _agents.AwaitSpawnsAsync(medium.Id);
        await Task.Delay(500); // a cycle that would wrongly start the third has had time to run
        Assert.Empty(_agents.SpawnsFor(low.Id));

        await _agents.CompleteAsync(_agents.SpawnsFor(high.Id).Single());
        await _agents.AwaitSpawnsAsync(low.Id);
    }
}
