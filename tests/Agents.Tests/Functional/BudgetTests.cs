using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using static Codewalkers.Agents.Tests.Infrastructure.UsageScenario;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// An initiative's budget with the real Claude CLI, whose fake API reports chosen token counts: once the initiative
/// has spent it, its next agent is not launched but waits with the reason (a status change), and raising the budget
/// launches it; a project's budget holds the agents that work in the project the same way.
/// </summary>
public sealed class BudgetTests(UsageFactory factory) : IClassFixture<UsageFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task A_spent_initiative_budget_holds_its_next_spawn_with_the_reason_and_raising_it_launches_the_spawn()
    {
        _ = ClaudeCli.Path;
        var initiative = Ids.New();
        var (first, next) = ($"m-{Ids.New()}", $"m-{Ids.New()}");
        var usage = new TokenUsage(Input: 20000, Output: 3000, CacheRead: 10000, CacheWrite: 2000);
        factory.Api.ReportUsage(first, usage);
        factory.Api.ReportUsage(next, usage);
        factory.Api.Script(first, Steps.Signal(new { status = "done", result = new { } }), Steps.Say("Done."));
        factory.Api.Script(next, Steps.Signal(new { status = "done", result = new { } }), Steps.Say("Done."));
        var a = await _client.SpawnTaskAgentAsync(first, initiative, "task-1");
        await factory.WaitForStatusAsync(_client, a.Id, AgentStatuses.Stopped);
        var model = (await _client.UsageAsync($"by=model&initiativeId={initiative}")).Rows.Single().Key!;
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsJsonAsync($"/api/usage/prices/{model}", Price)).StatusCode);
        var spent = Cost(Times(usage, factory.Api.StepsServed(first)));

        // A budget below what the initiative spent: the next task's agent waits, saying why.
        var limit = Math.Round(spent / 2, 4);
        var budget = await _client.SetBudgetAsync(initiative, limit);
        Assert.Equal((spent, true, limit), (budget.SpentUsd, budget.Reached, budget.LimitUsd));
        var b = await _client.SpawnTaskAgentAsync(next, initiative, "task-2");
        var held = await factory.WaitForStatusAsync(_client, b.Id, AgentStatuses.WaitingForCapacity);
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"budget: initiative {initiative} spent ${spent:0.00##} of ${limit:0.00##}");
        Assert.Equal((reason, (int?)null), (held.StatusReason, held.Pid));
        await factory.PublishedAsync<AgentStatusChanged>(
            m => m.AgentId == b.Id && m.To == AgentStatuses.WaitingForCapacity && m.Reason == reason);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0, factory.Api.StepsServed(next));
        Assert.Equal(AgentStatuses.WaitingForCapacity, (await factory.GetAgentAsync(_client, b.Id)).Status);

        // Raised above the spend: it launches by itself and finishes.
        await _client.SetBudgetAsync(initiative, spent * 10);
        await factory.WaitForStatusAsync(_client, b.Id, AgentStatuses.Stopped);
        var listed = Assert.Single((await _client.GetFromJsonAsync<BudgetResponse[]>("/api/usage/budgets"))!,
            l => l.Id == initiative);
        Assert.Equal((spent + Cost(Times(usage, factory.Api.StepsServed(next))), false),
            (listed.SpentUsd, listed.Reached));
        Assert.Equal(HttpStatusCode.NoContent,
            (await _client.DeleteAsync($"/api/usage/budgets/initiatives/{initiative}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await _client.DeleteAsync($"/api/usage/budgets/initiatives/{initiative}")).StatusCode);
    }

    [Fact]
    public async Task A_projects_budget_holds_the_agents_working_in_it_until_it_is_removed()
    {
        _ = ClaudeCli.Path;
        using var origin = new GitRepository();
        var project = await factory.RegisterProjectAsync(origin.Path, "budgeted");
        var budget = await _client.PutAsJsonAsync($"/api/usage/budgets/projects/{project.Id}", new { limitUsd = 0 });
        Assert.Equal(HttpStatusCode.OK, budget.StatusCode);
        var marker = $"m-{Ids.New()}";
        factory.Api.Script(marker, Steps.Signal(new { status = "done", result = new { } }), Steps.Say("Done."));

        var spawned = await _client.PostAsJsonAsync("/api/agents", new
        {
            mode = "execute", prompt = $"Scenario {marker}: look around.", taskId = "task-p",
            projects = new[]
            {
                new { projectId = project.Id, branch = $"cw/budget-{marker}", baseBranch = "main",
                    ensureBranches = Array.Empty<object>() },
            },
        });
        Assert.Equal(HttpStatusCode.Created, spawned.StatusCode);
        var agent = (await spawned.Content.ReadFromJsonAsync<AgentResponse>())!;
        var held = await factory.WaitForStatusAsync(_client, agent.Id, AgentStatuses.WaitingForCapacity);
        Assert.Equal($"budget: project {project.Name} spent $0.00 of $0.00", held.StatusReason);

        Assert.Equal(HttpStatusCode.NoContent,
            (await _client.DeleteAsync($"/api/usage/budgets/projects/{project.Id}")).StatusCode);
        await factory.WaitForStatusAsync(_client, agent.Id, AgentStatuses.Stopped);
    }
}
