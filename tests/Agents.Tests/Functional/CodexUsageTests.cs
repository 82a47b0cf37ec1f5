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
/// Usage with the real Codex CLI, whose fake Responses API reports chosen counts with cached and cache-written tokens
/// inside input_tokens (as OpenAI counts them): each session records its own share of the thread's running total, with
/// the cache counted apart, and the initiative's figures are their exact sum. Codex's stream never names the model: it
/// is read from the thread's rollout file the CLI wrote, so the sessions are priced as the table says.
/// </summary>
[Collection(nameof(CodexAgents))]
public sealed class CodexUsageTests(CodexAgentsFactory factory) : TestsWithOrigin(factory)
{
    private readonly FakeOpenAiResponsesApi _model = factory.Codex;

    [Fact]
    public async Task A_resumed_codex_threads_sessions_each_record_their_share_with_the_cache_apart()
    {
        var initiative = Ids.New();
        var marker = $"m-{Ids.New()}";
        var usage = new TokenUsage(Input: 900, Output: 60, CacheRead: 4000, CacheWrite: 250);
        _model.ReportUsage(marker, usage);
        _model.Script(marker,
            CodexSteps.Signal(
                new { status = "questions", questions = new[] { new { id = "q1", question = "Which colour?" } } }),
            CodexSteps.Say("Waiting for the answer."),
            CodexSteps.Signal(new { status = "done", result = new { message = "Used blue" } }),
            CodexSteps.Say("Done."));

        var agent = await Client.SpawnTaskAgentAsync(marker, initiative, "task-codex", provider: "codex");
        await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.WaitingForInput);
        var firstRequests = _model.StepsServed(marker);
        var answered = await Client.PostAsJsonAsync($"/api/agents/{agent.Id}/answers", new { answer = "blue" });
        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
        await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped);
        var secondRequests = _model.StepsServed(marker) - firstRequests;

        var all = Times(usage, firstRequests + secondRequests);
        // The model of the config.toml, as the CLI wrote it in the rollout; not priced yet: the cost is unknown.
        var unpriced = Assert.Single((await Client.UsageAsync($"by=model&initiativeId={initiative}")).Rows);
        Assert.Equal((FakeOpenAiResponsesApi.Model, 2, (decimal?)null, 2),
            (unpriced.Key, unpriced.Sessions, unpriced.CostUsd, unpriced.UnknownSessions));
        var priced = await Client.PutAsJsonAsync($"/api/usage/prices/{FakeOpenAiResponsesApi.Model}", Price);
        Assert.Equal(HttpStatusCode.OK, priced.StatusCode);
        var byTask = await Client.UsageAsync($"by=task&initiativeId={initiative}");
        var row = Assert.Single(byTask.Rows);
        AssertRow(row, all, 2, Cost(all), 0);
        // Per day: the same sessions, the same sums.
        var byDay = await Client.UsageAsync($"by=day&initiativeId={initiative}");
        Assert.Equal(all.Input, byDay.Rows.Sum(r => r.InputTokens ?? 0));
        Assert.Equal(byTask.Total, byDay.Total);
        // Each session's own share, not the thread's running total.
        var sessions = await Factory.QueryAsync(db => Task.FromResult(db.Sessions
            .Where(s => s.AgentId == agent.Id).OrderBy(s => s.SessionNumber)
            .Select(s => new { s.InputTokens, s.CacheReadTokens, s.CacheWriteTokens, s.Model }).ToList()));
        Assert.Equal(
            [(usage.Input * firstRequests, usage.CacheRead * firstRequests, usage.CacheWrite * firstRequests),
                (usage.Input * secondRequests, usage.CacheRead * secondRequests, usage.CacheWrite * secondRequests)],
            sessions.Select(s => ((int)s.InputTokens!, (int)s.CacheReadTokens!, (int)s.CacheWriteTokens!)));
        Assert.All(sessions, s => Assert.Equal(FakeOpenAiResponsesApi.Model, s.Model));
    }
}
