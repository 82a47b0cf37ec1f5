using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.EntityFrameworkCore;
using static Codewalkers.Agents.Tests.Infrastructure.UsageScenario;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// Usage with the real Gemini CLI, whose fake API reports chosen counts with context-cache reads
/// (cachedContentTokenCount, counted inside promptTokenCount as Google counts them): the session records the cache reads
/// apart from its input, and the shipped price of the model the CLI named gives the cost.
/// </summary>
[Collection(nameof(GeminiAgents))]
public sealed class GeminiUsageTests(GeminiAgentsFactory factory) : TestsWithOrigin(factory)
{
    /// <summary>gemini-2.5-flash in the shipped prices.json: USD per million input, output and cache-read tokens.</summary>
    private static decimal FlashCost(TokenUsage u) => (u.Input * 0.3m + u.Output * 2.5m + u.CacheRead * 0.03m) / 1_000_000m;

    [Fact]
    public async Task A_gemini_session_counts_its_cache_reads_apart_from_input_and_is_priced_by_the_shipped_table()
    {
        var initiative = Ids.New();
        var marker = $"m-{Ids.New()}";
        var usage = new TokenUsage(Input: 640, Output: 35, CacheRead: 3200);
        factory.Gemini.ReportUsage(marker, usage);
        factory.Gemini.Script(marker,
            GeminiSteps.Signal(new { status = "done", result = new { message = "ok" } }),
            GeminiSteps.Say("Done."));

        var agent = await Client.SpawnTaskAgentAsync(marker, initiative, "task-gemini", provider: "gemini");
        await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped, TimeSpan.FromMinutes(3));

        var all = Times(usage, factory.Gemini.StepsServed(marker));
        var byTask = await Client.UsageAsync($"by=task&initiativeId={initiative}");
        var row = Assert.Single(byTask.Rows);
        // Gemini has no cache writes to report: unknown, not zero.
        Assert.Equal(
            ((long?)all.Input, (long?)all.Output, (long?)all.CacheRead, (long?)null, 1, (decimal?)FlashCost(all), 0),
            (row.InputTokens, row.OutputTokens, row.CacheReadTokens, row.CacheWriteTokens, row.Sessions, row.CostUsd,
                row.UnknownSessions));
        var session = await Factory.QueryAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.AgentId == agent.Id));
        Assert.Equal((FakeGeminiApi.Model, (long?)null), (session.Model, session.CacheWriteTokens));
    }
}
