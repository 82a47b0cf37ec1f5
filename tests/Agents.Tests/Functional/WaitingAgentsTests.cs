using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Planning;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// GET /api/agents/waiting joins waiting agents with the planning read model fed by Planning's events.
/// </summary>
public sealed class WaitingAgentsTests(AgentsFactory factory) : IClassFixture<AgentsFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private async Task<string> WaitingAgentAsync(string? taskId, string? phaseId, string? initiativeId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Codewalkers.Agents.Infrastructure.AgentsDbContext>();
        var agent = Agent.Create(
            Ids.New(), $"waiting-{Ids.New()[..8].ToLowerInvariant()}", Ids.New(), "execute", "claude",
            new AgentContext(taskId, phaseId, initiativeId, null), "/nowhere", "p", [], Now);
        agent.Start(1, null, Now);
        agent.RecordSession("s", Now);
        agent.WaitForInput("""[{"id":"q1","question":"Which?"}]""", Now);
        db.Agents.Add(agent);
        await db.SaveChangesAsync();
        return agent.Id;
    }

    private Task PublishAsync<T>(T message) where T : class => factory.Harness.Bus.Publish(message);

    private async Task<WaitingAgentResponse> WaitingAsync(string agentId, Func<WaitingAgentResponse, bool> until) =>
        await Eventually.ValueAsync(
            async () => (await _client.GetFromJsonAsync<WaitingAgentResponse[]>("/api/agents/waiting"))!
                .Single(a => a.Id == agentId),
            until, $"waiting agent {agentId} as expected", TimeSpan.FromSeconds(15));

    private static TaskCreated Task(string id, string? phaseId, string? initiativeId, string name, long version = 1) =>
        new(id, phaseId, initiativeId, null, name, $"About {name}",
            "execute", "medium", "in_progress", [], version, Now);

    [Fact]
    public async Task A_task_agent_shows_its_task_phase_and_initiative()
    {
        var (initiative, phase, task) = (Ids.New(), Ids.New(), Ids.New());
        await PublishAsync(
            new InitiativeCreated(initiative, "Checkout", "active", "cw/checkout", "yolo", false, [], 1, Now));
        await PublishAsync(new PhaseCreated(phase, initiative, "Backend", "in_progress", [], 1, Now));
        await PublishAsync(Task(task, phase, initiative, "Add cart"));
        var agent = await WaitingAgentAsync(task, null, null);

        var seen = await WaitingAsync(
            agent, a => a.InitiativeName is not null && a.TaskName is not null && a.PhaseName is not null);
        Assert.Equal(
            ("Add cart", "About Add cart", "Backend", "Checkout"),
            (seen.TaskName, seen.TaskDescription, seen.PhaseName, seen.InitiativeName));
        Assert.Equal("Which?", seen.PendingQuestions!.Value[0].GetProperty("question").GetString());
    }

    [Fact]
    public async Task An_agent_without_a_task_shows_only_what_it_has()
    {
        var initiative = Ids.New();
        await PublishAsync(
            new InitiativeCreated(initiative, "Docs", "active", "cw/docs", "review_per_phase", false, [], 1, Now));
        var agent = await WaitingAgentAsync(null, null, initiative);
        var seen = await WaitingAsync(agent, a => a.InitiativeName == "Docs");
        Assert.Equal((null, null), (seen.TaskName, seen.PhaseName));
    }

    [Fact]
    public async Task A_task_without_phase_and_a_phase_without_initiative_leave_those_names_empty()
    {
        var (initiative, task) = (Ids.New(), Ids.New());
        await PublishAsync(new InitiativeCreated(initiative, "Loose", "active", "cw/loose", "yolo", false, [], 1, Now));
        await PublishAsync(Task(task, null, initiative, "Floating task"));
        var loose = await WaitingAgentAsync(task, null, null);
        var seen = await WaitingAsync(loose, a => a.TaskName is not null && a.InitiativeName is not null);
        Assert.Null(seen.PhaseName);
        Assert.Equal("Loose", seen.InitiativeName);

        var (phase, orphanTask) = (Ids.New(), Ids.New());
        await PublishAsync(new PhaseCreated(phase, Ids.New(), "Orphan phase", "pending", [], 1, Now));
        await PublishAsync(Task(orphanTask, phase, null, "Orphan task"));
        var orphan = await WaitingAgentAsync(orphanTask, null, null);
        var orphanSeen = await WaitingAsync(orphan, a => a.PhaseName is not null);
        Assert.Null(orphanSeen.InitiativeName);
    }

    [Fact]
    public async Task Renames_apply_and_an_older_event_arriving_late_does_not_undo_them()
    {
        var task = Ids.New();
        await PublishAsync(Task(task, null, null, "Old name"));
        var agent = await WaitingAgentAsync(task, null, null);
        await WaitingAsync(agent, a => a.TaskName == "Old name");
        await PublishAsync(new TaskUpdated(
            task, null, null, null, "New name", "New description", "execute", "high", "in_progress", [], 3, Now));
        await WaitingAsync(agent, a => a.TaskName == "New name");
        await PublishAsync(new TaskUpdated(
            task, null, null, null, "Stale name", null, "execute", "high", "in_progress", [], 2, Now));
        await factory.PublishedAsync<TaskUpdated>(m => m.Name == "Stale name");
        await System.Threading.Tasks.Task.Delay(500);
        var seen = await WaitingAsync(agent, _ => true);
        Assert.Equal(("New name", "New description"), (seen.TaskName, seen.TaskDescription));
    }

    [Fact]
    public async Task Deleted_entities_lose_their_names_with_their_children_and_stay_deleted()
    {
        var (initiative, phase, task) = (Ids.New(), Ids.New(), Ids.New());
        await PublishAsync(
            new InitiativeCreated(initiative, "Doomed", "active", "cw/doomed", "yolo", false, [], 1, Now));
        await PublishAsync(new PhaseCreated(phase, initiative, "Doomed phase", "pending", [], 1, Now));
        await PublishAsync(Task(task, phase, initiative, "Doomed task"));
        var agent = await WaitingAgentAsync(task, null, null);
        await WaitingAsync(
            agent, a => a.TaskName is not null && a.PhaseName is not null && a.InitiativeName is not null);

        await PublishAsync(new InitiativeDeleted(initiative, 2, Now));
        var seen = await WaitingAsync(agent, a => a.InitiativeName is null);
        Assert.Equal((null, null), (seen.TaskName, seen.PhaseName));

        await PublishAsync(new TaskUpdated(
            task, phase, initiative, null, "Zombie", null, "execute", "low", "pending", [], 5, Now));
        await factory.PublishedAsync<TaskUpdated>(m => m.Name == "Zombie");
        await System.Threading.Tasks.Task.Delay(500);
        Assert.Null((await WaitingAsync(agent, _ => true)).TaskName);
        Assert.True(await factory.QueryAsync(db => db.PlanningViews.AnyAsync(v => v.Id == task && v.IsDeleted)));
    }
}
