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
/// Usage and cost with the real Claude CLI, whose fake API reports chosen token counts (cache reads and writes too):
/// each session records what its stream reported, the roll-ups add the sessions up exactly, the cost is the price table
/// applied to the tokens, and a session whose stream had no usage is unknown, never zero. Bad prices and budgets are
/// refused naming the field.
/// </summary>
public sealed class UsageTests(UsageFactory factory) : IClassFixture<UsageFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task An_initiatives_usage_is_the_exact_sum_of_its_sessions_priced_by_the_table_and_a_run_without_usage_is_unknown()
    {
        _ = ClaudeCli.Path;
        var initiative = Ids.New();
        var (first, second) = ($"m-{Ids.New()}", $"m-{Ids.New()}");
        var firstUsage = new TokenUsage(Input: 1200, Output: 340, CacheRead: 5000, CacheWrite: 800);
        var secondUsage = new TokenUsage(Input: 700, Output: 90, CacheRead: 0, CacheWrite: 1500);
        factory.Api.ReportUsage(first, firstUsage);
        factory.Api.ReportUsage(second, secondUsage);
        factory.Api.Script(first, Steps.Signal(new { status = "done", result = new { } }), Steps.Say("Done."));
        factory.Api.Script(second, Steps.Write("a.txt", "a"), Steps.Signal(new { status = "done", result = new { } }),
            Steps.Say("Done."));

        var a = await _client.SpawnTaskAgentAsync(first, initiative, "task-a");
        var b = await _client.SpawnTaskAgentAsync(second, initiative, "task-b");
        var silent = await _client.SpawnTaskAgentAsync("no usage", initiative, "task-silent", provider: "silent");
        foreach (var agent in new[] { a, b, silent })
            await factory.WaitForStatusAsync(_client, agent.Id, AgentStatuses.Stopped);

        // What the CLI reported, request by request, as the fake API answered.
        var expectedA = Times(firstUsage, factory.Api.StepsServed(first));
        var expectedB = Times(secondUsage, factory.Api.StepsServed(second));
        Assert.True(factory.Api.StepsServed(first) >= 2 && factory.Api.StepsServed(second) >= 3);

        // The model is the one the CLI named; it has no price yet, so the cost is unknown, not zero.
        var byModel = await _client.UsageAsync($"by=model&initiativeId={initiative}");
        var claudeRow = Assert.Single(byModel.Rows, r => r.Key is not null);
        Assert.Equal((2, (decimal?)null, 2), (claudeRow.Sessions, claudeRow.CostUsd, claudeRow.UnknownSessions));
        var unknownModel = Assert.Single(byModel.Rows, r => r.Key is null);
        Assert.Equal((1, (long?)null, (long?)null, (decimal?)null, 1),
            (unknownModel.Sessions, unknownModel.InputTokens, unknownModel.OutputTokens, unknownModel.CostUsd,
                unknownModel.UnknownSessions));
        var model = claudeRow.Key!;

        // A model not listed yet gets a price (dated today); the costs follow.
        var set = await _client.PutAsJsonAsync($"/api/usage/prices/{model}", Price);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var price = (await set.Content.ReadFromJsonAsync<PriceResponse>())!;
        Assert.Equal((DateOnly.FromDateTime(DateTime.UtcNow), "set"), (price.SetOn, price.Source));

        var byTask = await _client.UsageAsync($"by=task&initiativeId={initiative}");
        AssertRow(byTask.Rows.Single(r => r.Key == "task-a"), expectedA, 1, Cost(expectedA), 0);
        AssertRow(byTask.Rows.Single(r => r.Key == "task-b"), expectedB, 1, Cost(expectedB), 0);
        var none = byTask.Rows.Single(r => r.Key == "task-silent");
        Assert.Equal(((long?)null, (long?)null, (long?)null, (long?)null, (decimal?)null, 1),
            (none.InputTokens, none.OutputTokens, none.CacheReadTokens, none.CacheWriteTokens, none.CostUsd,
                none.UnknownSessions));

        // The initiative's totals: the sum of its sessions, exactly; the silent one is counted as unknown.
        var sum = Add(expectedA, expectedB);
        AssertRow(byTask.Total, sum, 3, Cost(expectedA) + Cost(expectedB), 1);
        var byInitiative = await _client.UsageAsync($"by=initiative&initiativeId={initiative}");
        AssertRow(Assert.Single(byInitiative.Rows), sum, 3, Cost(expectedA) + Cost(expectedB), 1);
        Assert.Equal(initiative, byInitiative.Rows[0].Key);

        // From today on: every session; before today: none.
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(byTask.Total, (await _client.UsageAsync($"initiativeId={initiative}&from={today}")).Total);
        Assert.Equal(0, (await _client.UsageAsync($"initiativeId={initiative}&to={today}")).Total.Sessions);

        // Each agent carries its own total.
        var agentA = await factory.GetAgentAsync(_client, a.Id);
        AssertRow(agentA.Usage!, expectedA, 1, Cost(expectedA), 0);
        var agentSilent = await factory.GetAgentAsync(_client, silent.Id);
        Assert.Equal(((long?)null, (decimal?)null, 1),
            (agentSilent.Usage!.InputTokens, agentSilent.Usage.CostUsd, agentSilent.Usage.UnknownSessions));
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "/api/usage/budgets/initiatives/i1", """{"limitUsd":-1}""", "limitUsd" },
        { "/api/usage/budgets/initiatives/i1", "{}", "limitUsd" },
        { "/api/usage/budgets/projects/p1", """{"limitUsd":"lots"}""", "limitUsd" },
        { "/api/usage/prices/claude-x", """{"input":-3,"output":15}""", "input" },
        { "/api/usage/prices/claude-x", """{"input":3}""", "output" },
        { "/api/usage/prices/claude-x", """{"input":3,"output":15,"cacheRead":-0.1}""", "cacheRead" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_price_or_budget_is_a_problem_naming_the_field_and_changes_nothing(
        string path, string body, string field)
    {
        var pricesBefore = await _client.GetStringAsync("/api/usage/prices");
        var budgetsBefore = await _client.GetStringAsync("/api/usage/budgets");
        var response = await _client.PutAsync(path, new StringContent(body, System.Text.Encoding.UTF8,
            "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
        Assert.Equal(pricesBefore, await _client.GetStringAsync("/api/usage/prices"));
        Assert.Equal(budgetsBefore, await _client.GetStringAsync("/api/usage/budgets"));
    }

    [Fact]
    public async Task A_new_model_can_be_priced_its_cache_like_input_by_default_and_bad_queries_are_refused()
    {
        var model = $"brand-new-{Ids.New()[..6]}";
        var set = await _client.PutAsJsonAsync($"/api/usage/prices/{model}", new { input = 2, output = 8 });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var listed = Assert.Single((await _client.GetFromJsonAsync<PriceResponse[]>("/api/usage/prices"))!,
            p => p.Model == model);
        Assert.Equal((2m, 8m, 2m, 2m, "set"),
            (listed.Input, listed.Output, listed.CacheRead, listed.CacheWrite, listed.Source));
        Assert.Contains((await _client.GetFromJsonAsync<PriceResponse[]>("/api/usage/prices"))!,
            p => p.Model == "claude-sonnet-4-5" && p.Source == "shipped");

        foreach (var (query, field) in new[] { ("by=week", "by"), ("from=yesterday", "from"),
            ("from=2026-12-07&to=2026-12-01", "to") })
        {
            var response = await _client.GetAsync($"/api/usage?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(field, await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.NotFound,
            (await _client.PutAsJsonAsync("/api/usage/budgets/teams/x", new { limitUsd = 1 })).StatusCode);
    }
}
