using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// Two subscription accounts; the fake API answers with the account usage limit the real CLI reports.
/// </summary>
public sealed class UsageLimitTests(SubscriptionAgentsFactory factory) : IClassFixture<SubscriptionAgentsFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task A_usage_limit_exhausts_the_account_and_the_session_continues_on_the_next_then_none_is_left()
    {
        _ = ClaudeCli.Path;
        var first = await SubscriptionAccounts.AddAsync(_client, "first@example.com", 0);
        var second = await SubscriptionAccounts.AddAsync(_client, "second@example.com", 1);
        var resetsAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds());
        var marker = $"m-{Ids.New()}";
        factory.Api.Script(marker,
            Steps.Limit(resetsAt),
            // Served only if the resumed CLI, now on the second account, carried the conversation over.
            Steps.Write("after-switch.txt", "continued\n"),
            Steps.Signal(new { status = "done", result = new { message = "continued" } }),
            Steps.Say("Done."));

        var spawned = await _client.PostAsJsonAsync("/api/agents", new { prompt = $"Scenario {marker}." });
        var agent = (await spawned.Content.ReadFromJsonAsync<AgentResponse>())!;
        var done = await factory.WaitForStatusAsync(_client, agent.Id, AgentStatuses.Stopped);

        Assert.Equal((AgentReasons.TaskComplete, second), (done.StatusReason, done.AccountId));
        Assert.Equal("continued\n", File.ReadAllText(Path.Combine(done.WorktreeId, "after-switch.txt")));
        var accounts = await factory.QueryAsync(db => db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id));
        Assert.True(accounts[first].IsExhausted);
        Assert.Equal(resetsAt, accounts[first].ExhaustedUntil);
        Assert.False(accounts[second].IsExhausted);
        var chunks = (await _client.GetFromJsonAsync<LogChunkResponse[]>($"/api/agents/{agent.Id}/logs"))!;
        var logs = string.Concat(chunks.Select(c => c.Content));
        Assert.Contains("rate_limit_event", logs);

        // The second account hits its limit too:
        // the first is still exhausted, so the agent waits instead of ping-ponging.
        var next = $"m-{Ids.New()}";
        factory.Api.Script(next, Steps.Limit(resetsAt), Steps.Limit(resetsAt), Steps.Say("never"));
        var other = (await (await _client.PostAsJsonAsync("/api/agents", new { prompt = $"Scenario {next}." }))
            .Content.ReadFromJsonAsync<AgentResponse>())!;
        var waiting = await Eventually.ValueAsync(() => factory.GetAgentAsync(_client, other.Id),
            a => a.Status is AgentStatuses.WaitingForAccount or AgentStatuses.Stopped or AgentStatuses.Crashed,
            "agent waiting for an account", TimeSpan.FromSeconds(60));
        Assert.Equal((AgentStatuses.WaitingForAccount, AgentReasons.WaitingForAccount, second, resetsAt),
            (waiting.Status, waiting.StatusReason, waiting.AccountId, waiting.WaitingForAccountUntil));
        await Task.Delay(TimeSpan.FromSeconds(2)); // a ping-pong would have asked again by now
        Assert.Equal(1, factory.Api.StepsServed(next));
        var all = await _client.GetFromJsonAsync<AccountsApi.AccountResponse[]>("/api/accounts");
        Assert.All(all!, a => Assert.True(a.IsExhausted));
        var stopped = await _client.PostAsync($"/api/agents/{other.Id}/stop", null);
        Assert.Equal((AgentStatuses.Stopped, (DateTimeOffset?)null),
            await factory.GetAgentAsync(_client, other.Id) is var s ? (s.Status, s.WaitingForAccountUntil) : default);
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
    }
}
