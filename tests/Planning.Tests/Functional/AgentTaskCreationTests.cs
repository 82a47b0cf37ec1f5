using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Tests.Infrastructure;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Security;

namespace Codewalkers.Planning.Tests.Functional;

/// <summary>
/// An agent's token (not the API token) creates tasks only under the task the agent executes, and is held to the
/// agent scope by Planning itself, not only by the gateway.
/// </summary>
public sealed class AgentTaskCreationTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    private HttpClient AgentClient(string agentId)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", new AgentTokens(factory.Token).Mint(agentId));
        return client;
    }

    /// <summary>A task with an agent executing it, as dispatch and AgentSpawned leave it.</summary>
    private async Task<(PhaseResponse Phase, TaskResponse Task, string AgentId)> TaskWithAgentAsync(
        AssignmentKind kind = AssignmentKind.Task)
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var task = await _client.CreateTaskAsync(phase.Id, "Own task");
        var agentId = Ids.New();
        await factory.QueryAsync(db =>
        {
            var assignment = AgentAssignment.Request(Ids.New(), kind, kind == AssignmentKind.Task ? "execute" : "plan",
                initiative.Id, kind == AssignmentKind.Task ? phase.Id : null,
                kind == AssignmentKind.Task ? task.Id : null, DateTimeOffset.UtcNow);
            assignment.Started(agentId, "agent-name");
            db.Assignments.Add(assignment);
            return db.SaveChangesAsync();
        });
        return (phase, task, agentId);
    }

    [Fact]
    public async Task Without_a_parent_the_task_goes_under_the_agents_own_task_in_its_phase_and_initiative()
    {
        var (phase, own, agentId) = await TaskWithAgentAsync();

        var created = await AgentClient(agentId).PostOkAsync<TaskResponse>(
            "/api/tasks", new { name = "Found along the way", description = "Do the other thing" },
            HttpStatusCode.Created);

        Assert.Equal((own.Id, phase.Id, own.InitiativeId, "pending"),
            (created.ParentTaskId, created.PhaseId, created.InitiativeId, created.Status));
        var again = await AgentClient(agentId).PostOkAsync<TaskResponse>(
            "/api/tasks", new { name = "Explicitly mine", parentTaskId = own.Id }, HttpStatusCode.Created);
        Assert.Equal(own.Id, again.ParentTaskId);
    }

    [Fact]
    public async Task Another_parent_another_phase_or_an_agent_without_a_task_is_a_403_that_says_why()
    {
        var (_, _, agentId) = await TaskWithAgentAsync();
        var (otherPhase, otherTask, _) = await TaskWithAgentAsync();
        var (_, _, architectId) = await TaskWithAgentAsync(AssignmentKind.Architect);
        var agent = AgentClient(agentId);

        await factory.AssertNothingWrittenAsync(async () =>
        {
            var detail = (await (await agent.PostAsJsonAsync(
                        "/api/tasks", new { name = "Elsewhere", parentTaskId = otherTask.Id }))
                    .AssertProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString();
            Assert.Contains($"only under its own task", detail);
            Assert.Contains(otherTask.Id, detail);
            await (await agent.PostAsJsonAsync("/api/tasks", new { name = "Other phase", phaseId = otherPhase.Id }))
                .AssertProblemAsync(HttpStatusCode.Forbidden);
            var architect = (await (await AgentClient(architectId).PostAsJsonAsync("/api/tasks", new { name = "X" }))
                .AssertProblemAsync(HttpStatusCode.Forbidden)).GetProperty("detail").GetString();
            Assert.Contains("executing no task", architect);
            await (await AgentClient(Ids.New()).PostAsJsonAsync("/api/tasks", new { name = "Stranger" }))
                .AssertProblemAsync(HttpStatusCode.Forbidden);
        });
    }

    [Fact]
    public async Task The_service_itself_refuses_an_agent_token_outside_its_scope_and_a_forged_one()
    {
        var (_, own, agentId) = await TaskWithAgentAsync();
        var agent = AgentClient(agentId);

        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/tasks/{own.Id}")).StatusCode);
        await factory.AssertNothingWrittenAsync(async () =>
        {
            var problem = await (await agent.DeleteAsync($"/api/tasks/{own.Id}"))
                .AssertProblemAsync(HttpStatusCode.Forbidden);
            Assert.Contains($"DELETE /api/tasks/{own.Id}", problem.GetProperty("detail").GetString());
            await (await agent.PatchAsJsonAsync($"/api/tasks/{own.Id}", new { name = "Renamed" }))
                .AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await agent.PostAsync($"/api/tasks/{own.Id}/complete", null))
                .AssertProblemAsync(HttpStatusCode.Forbidden);
        });

        var forged = factory.CreateClient();
        var token = new AgentTokens(factory.Token).Mint(agentId);
        forged.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {token[..^2]}xx");
        await (await forged.GetAsync("/api/tasks")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
