using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Initiatives.Execution;
using Codewalkers.Web.Tests.Support;

namespace Codewalkers.Web.Tests.Execution;

public sealed class InitiativeCostTests : WebTestContext
{
    private const string InitiativeId = "V1StGXR8_Z5jdHi6B-myT";
    private const string UsagePath = $"/api/usage?by=task&initiativeId={InitiativeId}";

    [Fact]
    public void The_total_each_task_and_a_reached_budget_are_shown_with_unknown_usage_said_as_such()
    {
        Gateway.On("GET", UsagePath, new UsageRollUp("task", InitiativeId,
            [
                new UsageRow("t-index", "Build the index", 2, 12_000, 3_400, 0, 0, 1.25m, 0),
                new UsageRow("t-query", "Query parser", 1, null, null, null, null, null, 1),
                new UsageRow(null, null, 1, 800, 200, 0, 0, 0.05m, 0),
            ],
            new UsageRow(null, null, 4, 12_800, 3_600, 0, 0, 1.30m, 1)));
        Gateway.On("GET", "/api/usage/budgets", new[]
        {
            new UsageBudget("project", "proj-1", "web", 100m, 3m, 0, false),
            new UsageBudget("initiative", InitiativeId, "Search", 1.00m, 1.30m, 1, true),
        });

        var cost = Render<InitiativeCost>(p => p.Add(c => c.InitiativeId, InitiativeId));

        cost.WaitForAssertion(() => Assert.Contains("$1.30", cost.Find(".cost-total").TextContent));
        Assert.Contains("12,800 in / 3,600 out · 4 sessions", cost.Find(".cost-total").TextContent);
        Assert.Contains("1 session reported no usage", cost.Markup);
        Assert.Contains("Budget $1.00: $1.30 spent.", cost.Markup);
        Assert.Contains("Reached: new agents of this initiative wait", cost.Markup);
        var rows = cost.FindAll("tbody tr").Select(r => r.TextContent.Split('\n', StringSplitOptions.RemoveEmptyEntries
            | StringSplitOptions.TrimEntries)).ToList();
        Assert.Equal(["Build the index", "2", "12,000 in / 3,400 out", "$1.25"], rows[0]);
        Assert.Equal(["Not for a task (architects, chat)", "1", "800 in / 200 out", "$0.05"], rows[1]);
        Assert.Equal(["Query parser", "1", "unknown in / unknown out", "unknown"], rows[2]);
    }

    [Fact]
    public void Before_any_session_ended_it_says_so_and_shows_no_budget_it_does_not_have()
    {
        Gateway.On("GET", UsagePath, new UsageRollUp("task", InitiativeId, [],
            new UsageRow(null, null, 0, null, null, null, null, null, 0)));
        Gateway.On("GET", "/api/usage/budgets", Array.Empty<UsageBudget>());

        var cost = Render<InitiativeCost>(p => p.Add(c => c.InitiativeId, InitiativeId));

        cost.WaitForAssertion(() => Assert.Contains("No agent session has ended yet.", cost.Markup));
        Assert.DoesNotContain("Budget", cost.Markup);
        Assert.Empty(cost.FindAll("table"));
    }

    [Fact]
    public async Task It_reads_again_when_a_session_of_the_initiative_ended_not_on_every_status()
    {
        Gateway.On("GET", UsagePath, new UsageRollUp("task", InitiativeId, [],
            new UsageRow(null, null, 0, null, null, null, null, null, 0)));
        Gateway.On("GET", "/api/usage/budgets", Array.Empty<UsageBudget>());
        var cost = Render<InitiativeCost>(p => p.Add(c => c.InitiativeId, InitiativeId));
        cost.WaitForAssertion(() => Assert.Contains("No agent session has ended yet.", cost.Markup));
        Gateway.On("GET", UsagePath, new UsageRollUp("task", InitiativeId,
            [new UsageRow("t-index", "Build the index", 1, 100, 10, 0, 0, 0.02m, 0)],
            new UsageRow(null, null, 1, 100, 10, 0, 0, 0.02m, 0)));

        await PushAsync(Plan.PlanFakes.Entry("agent.running", InitiativeId));
        await PushAsync(Plan.PlanFakes.Entry("agent.stopped", "another-initiative-id"));
        await Task.Delay(200);
        Assert.Single(Gateway.Requests, r => r.PathAndQuery == UsagePath);

        await PushAsync(Plan.PlanFakes.Entry("agent.stopped", InitiativeId));
        cost.WaitForAssertion(() => Assert.Contains("$0.02", cost.Find(".cost-total").TextContent));
        Assert.Equal(2, Gateway.Requests.Count(r => r.PathAndQuery == UsagePath));
    }

    [Fact]
    public void The_agents_service_away_is_said_in_the_card()
    {
        Gateway.Refuse("GET", UsagePath, 503, "Service unavailable", "The agents service is not answering.");

        var cost = Render<InitiativeCost>(p => p.Add(c => c.InitiativeId, InitiativeId));

        cost.WaitForAssertion(() => Assert.Contains("The agents service is not answering.", cost.Markup));
    }
}
