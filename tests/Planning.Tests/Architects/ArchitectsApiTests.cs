using System.Net;
using System.Net.Http.Json;
using Codewalkers.Contracts.Agents;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Architects;

public sealed class ArchitectsApiTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    private async Task<InitiativeResponse> InitiativeWithProjectAsync(string defaultBranch = "develop")
    {
        var name = $"p{Guid.NewGuid():N}";
        var project = await _client.PostOkAsync<ProjectsApi.ProjectResponse>("/api/projects",
            new { name, url = $"https://example.invalid/{name}.git", defaultBranch }, HttpStatusCode.Created);
        return await _client.CreateInitiativeAsync(
            extra: new { name = $"Initiative {name}", projectIds = new[] { project.Id } });
    }

    [Fact]
    public async Task Plan_sends_SpawnAgent_on_the_projects_default_branch_and_lists_the_assignment()
    {
        var initiative = await InitiativeWithProjectAsync("develop");

        var assignment = await _client.StartAsync(
            $"/api/initiatives/{initiative.Id}/plan",
            new { instructions = "Two phases at most.", provider = "claude" });

        Assert.Equal(
            ("architect", "plan", "requested", initiative.Id),
            (assignment.Kind, assignment.Mode, assignment.Status, assignment.InitiativeId));
        var spawn = await factory.Harness.SentSpawnAsync(assignment.Id);
        Assert.Equal(
            ("plan", "claude", initiative.Id, (string?)null),
            (spawn.Mode, spawn.Provider, spawn.InitiativeId, spawn.TaskId));
        var project = Assert.Single(spawn.Projects);
        Assert.Equal(
            (initiative.ProjectIds[0], "develop", "develop", 0),
            (project.ProjectId, project.Branch, project.BaseBranch, project.EnsureBranches.Count));
        Assert.Contains($"(id {initiative.Id})", spawn.Prompt);
        Assert.Contains("Two phases at most.", spawn.Prompt);
        Assert.Contains(spawn.InputFiles, f => f.Path == "initiative.md" && !f.IsContext);
        var listed = await _client.GetOkAsync<Paged<AssignmentResponse>>(
            $"/api/initiatives/{initiative.Id}/assignments");
        Assert.Equal(assignment.Id, Assert.Single(listed.Items).Id);
    }

    [Fact]
    public async Task The_same_mode_twice_is_a_409_until_the_first_has_failed()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var first = await _client.StartAsync($"/api/initiatives/{initiative.Id}/discuss");

        await (await _client.PostAsync($"/api/initiatives/{initiative.Id}/discuss", null))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await _client.StartAsync($"/api/initiatives/{initiative.Id}/refine"); // another mode is fine

        await factory.Harness.Bus.Publish(new AgentSpawnFailed(
            first.Id, "discuss", new AgentContext(null, null, initiative.Id, null), "Unknown provider 'x'.",
            DateTimeOffset.UtcNow));
        var failed = await _client.AssignmentAsync(first, a => a.Status == "failed", "discuss assignment failed");
        Assert.Contains("Unknown provider 'x'.", failed.Error);
        await _client.StartAsync($"/api/initiatives/{initiative.Id}/discuss");
    }

    [Fact]
    public async Task Detail_is_per_phase_and_names_the_phase()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Storage");
        var other = await _client.CreatePhaseAsync(initiative.Id, "Api");

        var assignment = await _client.StartAsync($"/api/phases/{phase.Id}/detail");
        await _client.StartAsync($"/api/phases/{other.Id}/detail");

        Assert.Equal((phase.Id, "detail"), (assignment.PhaseId, assignment.Mode));
        var spawn = await factory.Harness.SentSpawnAsync(assignment.Id);
        Assert.Contains($"\"Storage\" (id {phase.Id})", spawn.Prompt);
        Assert.Equal(phase.Id, spawn.PhaseId);
        await (await _client.PostAsync($"/api/phases/{phase.Id}/detail", null))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Bad_input_is_a_4xx_problem()
    {
        var initiative = await _client.CreateInitiativeAsync();

        await (await _client.PostAsync("/api/initiatives/nope/plan", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsync("/api/phases/nope/detail", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/api/initiatives/nope/assignments")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsJsonAsync(
                $"/api/initiatives/{initiative.Id}/plan", new { provider = "no spaces allowed" }))
            .AssertValidationProblemAsync("provider");
        await (await _client.PostAsJsonAsync(
                $"/api/initiatives/{initiative.Id}/plan", new { instructions = new string('x', 20_001) }))
            .AssertValidationProblemAsync("instructions");
        await (await _client.PostAsync(
                $"/api/initiatives/{initiative.Id}/plan",
                new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _client.GetAsync($"/api/initiatives/{initiative.Id}/assignments?take=0"))
            .AssertValidationProblemAsync("take");
        Assert.Empty((await _client.GetOkAsync<Paged<AssignmentResponse>>(
            $"/api/initiatives/{initiative.Id}/assignments")).Items);

        await _client.PostOkAsync<InitiativeResponse>($"/api/initiatives/{initiative.Id}/archive", null);
        var closed = await (await _client.PostAsync($"/api/initiatives/{initiative.Id}/plan", null))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("archived", closed.GetProperty("detail").GetString());
    }
}
