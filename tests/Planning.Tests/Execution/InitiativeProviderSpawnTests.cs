using System.Net;
using Codewalkers.Contracts.Chat;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Architects;
using Codewalkers.Planning.Tests.Chat;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Execution;

/// <summary>
/// Every agent Planning asks for on behalf of an initiative runs on the initiative's first provider: task agents,
/// quality reviewers, architects and chat agents. An initiative without providers leaves the choice to the Agents
/// service, and a provider the Agents service does not know ends in a blocked task that says so.
/// </summary>
public sealed class InitiativeProviderSpawnTests(ExecutionFactory factory) : IClassFixture<ExecutionFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();
    private readonly FakeAgents _agents = new(factory);

    [Fact]
    public async Task Task_agents_and_quality_reviewers_run_on_the_initiatives_first_provider()
    {
        var initiative = await InitiativeAsync(["codex", "claude"], qualityReview: true);
        var task = await ApprovedTaskAsync(initiative.Id);

        await ExecuteAsync(initiative.Id);
        var worker = (await _agents.AwaitSpawnsAsync(task.Id)).Single();
        Assert.Equal("codex", worker.Provider);
        await _agents.CompleteAsync(worker);
        var reviewer = (await _agents.AwaitSpawnsAsync(task.Id, 2))[1];

        Assert.Equal(("codex", "quality_review"), (reviewer.Provider, (await TaskAsync(task.Id)).Status));
    }

    [Fact]
    public async Task An_initiative_without_providers_names_none_and_the_agents_default_runs_it()
    {
        var initiative = await InitiativeAsync([]);
        var task = await ApprovedTaskAsync(initiative.Id);

        await ExecuteAsync(initiative.Id);

        Assert.Null((await _agents.AwaitSpawnsAsync(task.Id)).Single().Provider);
    }

    [Fact]
    public async Task A_provider_changed_before_execution_is_the_one_the_task_runs_on()
    {
        var initiative = await InitiativeAsync(["codex"]);
        var task = await ApprovedTaskAsync(initiative.Id);
        await _client.PatchOkAsync<InitiativeResponse>($"/api/initiatives/{initiative.Id}",
            new { providers = new[] { "gemini", "codex" } });

        await ExecuteAsync(initiative.Id);

        Assert.Equal("gemini", (await _agents.AwaitSpawnsAsync(task.Id)).Single().Provider);
    }

    [Fact]
    public async Task A_provider_the_agents_service_does_not_know_blocks_the_task_with_the_reason()
    {
        var initiative = await InitiativeAsync(["nosuch"]);
        var task = await ApprovedTaskAsync(initiative.Id);

        await ExecuteAsync(initiative.Id);
        var spawn = (await _agents.AwaitSpawnsAsync(task.Id)).Single();
        Assert.Equal("nosuch", spawn.Provider);
        // The Agents service's refusal, as its SpawnAgentConsumer words it for an unknown provider.
        await _agents.SpawnFailedAsync(spawn, "provider: Unknown provider 'nosuch'. Known: claude, codex.");

        var blocked = await Eventually.ValueAsync(() => TaskAsync(task.Id), t => t.Status == "blocked",
            "task blocked");
        Assert.Contains("Unknown provider 'nosuch'", blocked.BlockedReason);
        Assert.Single(_agents.SpawnsFor(task.Id)); // not retried on its own: a human changes the provider first
    }

    [Fact]
    public async Task Architects_run_on_the_initiatives_first_provider_unless_asked_for_another()
    {
        var initiative = await InitiativeAsync(["codex"]);

        var plan = await _client.StartAsync($"/api/initiatives/{initiative.Id}/plan");
        var discuss = await _client.StartAsync($"/api/initiatives/{initiative.Id}/discuss", new { provider = "claude" });

        Assert.Equal("codex", (await factory.Harness.SentSpawnAsync(plan.Id)).Provider);
        Assert.Equal("claude", (await factory.Harness.SentSpawnAsync(discuss.Id)).Provider);
    }

    [Fact]
    public async Task Chat_agents_run_on_the_initiatives_first_provider()
    {
        var initiative = await InitiativeAsync(["codex"]);
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Talk");
        var turn = ChatRuns.Turn(ChatTargets.Phase, phase.Id, "What is missing?");

        await factory.Harness.SendAsync(turn);

        Assert.Equal("codex", (await factory.SpawnOfAsync(turn)).Provider);
    }

    private async Task<InitiativeResponse> InitiativeAsync(string[] providers, bool qualityReview = false)
    {
        var name = $"p{Guid.NewGuid():N}"[..12];
        var project = await _client.PostOkAsync<ProjectsApi.ProjectResponse>(
            "/api/projects", new { name, url = $"https://example.invalid/{name}.git" }, HttpStatusCode.Created);
        return await _client.CreateInitiativeAsync(extra: new
        {
            name = $"Initiative {name}", executionMode = "yolo", qualityReview, projectIds = new[] { project.Id },
            providers,
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

    private Task<TaskResponse> TaskAsync(string id) => _client.GetOkAsync<TaskResponse>($"/api/tasks/{id}");
}
