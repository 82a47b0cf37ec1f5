using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.EntityFrameworkCore;
using static Codewalkers.Agents.Tests.Infrastructure.UsageScenario;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// A Claude session that used two models (the real CLI starting a subagent on haiku through its Agent tool): each
/// model's tokens are priced at that model's price, the session's totals count the subagent's tokens too (the result's
/// <c>usage</c> leaves them out), and a roll-up by model shows each model's share.
/// </summary>
public sealed class MixedModelUsageTests(UsageFactory factory) : IClassFixture<UsageFactory>
{
    private static readonly object HelperPrice = new { input = 1m, output = 5m, cacheRead = 0.1m, cacheWrite = 1.25m };
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    private static decimal HelperCost(TokenUsage u) =>
        (u.Input * 1m + u.Output * 5m + u.CacheRead * 0.1m + u.CacheWrite * 1.25m) / 1_000_000m;

    [Fact]
    public async Task A_session_with_a_haiku_subagent_prices_each_models_tokens_at_its_own_price()
    {
        _ = ClaudeCli.Path;
        var initiative = Ids.New();
        var marker = $"m-{Ids.New()}";
        var mainUsage = new TokenUsage(Input: 1500, Output: 210, CacheRead: 6000, CacheWrite: 900);
        var helperUsage = new TokenUsage(Input: 320, Output: 45, CacheRead: 1000, CacheWrite: 0);
        factory.Api.ReportUsage(marker, mainUsage);
        factory.Api.ReportHelperUsage(marker, helperUsage);
        factory.Api.Script(marker,
            Steps.Helper($"Scenario {marker}: list the files."),
            Steps.Signal(new { status = "done", result = new { } }),
            Steps.Say("Done."));

        var agent = await _client.SpawnTaskAgentAsync(marker, initiative, "task-mixed");
        await factory.WaitForStatusAsync(_client, agent.Id, AgentStatuses.Stopped);

        var main = Times(mainUsage, factory.Api.StepsServed(marker));
        var helper = Times(helperUsage, factory.Api.HelperRequests(marker));
        Assert.True(factory.Api.HelperRequests(marker) >= 1, "the subagent asked the haiku model");
        var byModel = await _client.UsageAsync($"by=model&initiativeId={initiative}");
        Assert.Equal(2, byModel.Rows.Length);
        var helperRow = Assert.Single(byModel.Rows, r => r.Key!.Contains("haiku"));
        var mainRow = Assert.Single(byModel.Rows, r => r != helperRow);
        // Neither model has a price yet: unknown, not zero (nor the main model's price for both).
        Assert.Equal(((decimal?)null, (decimal?)null), (mainRow.CostUsd, helperRow.CostUsd));

        foreach (var (model, price) in new[] { (mainRow.Key!, Price), (helperRow.Key!, HelperPrice) })
            Assert.Equal(HttpStatusCode.OK,
                (await _client.PutAsJsonAsync($"/api/usage/prices/{model}", price)).StatusCode);

        byModel = await _client.UsageAsync($"by=model&initiativeId={initiative}");
        AssertRow(byModel.Rows.Single(r => r.Key == mainRow.Key), main, 1, Cost(main), 0);
        AssertRow(byModel.Rows.Single(r => r.Key == helperRow.Key), helper, 1, HelperCost(helper), 0);
        // The task's one session: both models' tokens, each at its own price.
        var byTask = await _client.UsageAsync($"by=task&initiativeId={initiative}");
        AssertRow(Assert.Single(byTask.Rows), Add(main, helper), 1, Cost(main) + HelperCost(helper), 0);
        AssertRow(byTask.Total, Add(main, helper), 1, Cost(main) + HelperCost(helper), 0);
        var session = await factory.QueryAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.AgentId == agent.Id));
        Assert.Equal((mainRow.Key, 2), (session.Model, session.Models.Count));
    }

    [Fact]
    public async Task A_resumed_session_records_only_its_own_share_of_each_model_though_the_cli_reports_the_threads_total()
    {
        _ = ClaudeCli.Path;
        var initiative = Ids.New();
        var marker = $"m-{Ids.New()}";
        var mainUsage = new TokenUsage(Input: 800, Output: 90, CacheRead: 2000, CacheWrite: 300);
        var helperUsage = new TokenUsage(Input: 150, Output: 20);
        factory.Api.ReportUsage(marker, mainUsage);
        factory.Api.ReportHelperUsage(marker, helperUsage);
        factory.Api.Script(marker,
            Steps.Helper($"Scenario {marker}: list the files."),
            Steps.Signal(new { status = "questions", questions = new[] { new { id = "q1", question = "Which?" } } }),
            Steps.Say("Waiting."),
            Steps.Signal(new { status = "done", result = new { } }),
            Steps.Say("Done."));

        var agent = await _client.SpawnTaskAgentAsync(marker, initiative, "task-resumed");
        await factory.WaitForStatusAsync(_client, agent.Id, AgentStatuses.WaitingForInput);
        var (firstMain, firstHelper) = (factory.Api.StepsServed(marker), factory.Api.HelperRequests(marker));
        var answered = await _client.PostAsJsonAsync($"/api/agents/{agent.Id}/answers", new { answer = "this" });
        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
        await factory.WaitForStatusAsync(_client, agent.Id, AgentStatuses.Stopped);
        var secondMain = factory.Api.StepsServed(marker) - firstMain;
        Assert.Equal(firstHelper, factory.Api.HelperRequests(marker));

        var sessions = await factory.QueryAsync(db => db.Sessions.AsNoTracking().Where(s => s.AgentId == agent.Id)
            .OrderBy(s => s.SessionNumber).ToListAsync());
        Assert.Equal(2, sessions.Count);
        var first = Add(Times(mainUsage, firstMain), Times(helperUsage, firstHelper));
        var second = Times(mainUsage, secondMain);
        Assert.Equal(
            [(first.Input, first.Output, first.CacheRead, first.CacheWrite, 2),
                (second.Input, second.Output, second.CacheRead, second.CacheWrite, 0)],
            sessions.Select(s => ((int)s.InputTokens!, (int)s.OutputTokens!, (int)s.CacheReadTokens!,
                (int)s.CacheWriteTokens!, s.Models.Count)));
        // The second session used its main model only (on a resume the CLI asks for the model the transcript's answers
        // named, which this fake does not echo: no assertion on its name).
        Assert.DoesNotContain("haiku", sessions[1].Model);
    }
}
