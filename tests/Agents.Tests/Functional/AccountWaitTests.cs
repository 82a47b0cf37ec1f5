using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// Every account exhausted: the agent waits (status waiting_for_account, published), says until when, and continues its
/// session by itself.
/// </summary>
public sealed class AccountWaitTests(SubscriptionAgentsFactory factory) : IClassFixture<SubscriptionAgentsFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task With_every_account_exhausted_the_agent_waits_then_continues_its_session_at_the_reset_or_on_a_new_account()
    {
        _ = ClaudeCli.Path;
        var only = await SubscriptionAccounts.AddAsync(_client, "only@example.com", 0);
        // Soon enough for a test, late enough to see the wait on a busy machine (the header carries whole seconds).
        var resetsAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(20).ToUnixTimeSeconds());
        var marker = $"m-{Ids.New()}";
        factory.Api.Script(marker,
            Steps.Write("before.txt", "before\n"),
            Steps.Limit(resetsAt),
            // Served only to a CLI that resumed the conversation after the wait.
            Steps.Write("after-reset.txt", "continued\n"),
            Steps.Signal(new { status = "done", result = new { message = "continued after the reset" } }),
            Steps.Say("Done."));

        var agent = (await (await _client.PostAsJsonAsync("/api/agents", new { prompt = $"Scenario {marker}." }))

            .Content.ReadFromJsonAsync<AgentResponse>())!;
        var waiting = await Eventually.ValueAsync(() => factory.GetAgentAsync(_client, agent.Id),
            a => a.Status is AgentStatuses.WaitingForAccount or AgentStatuses.Stopped or AgentStatuses.Crashed,
            "agent waiting for an account", TimeSpan.FromSeconds(60));
        Assert.True(
            DateTimeOffset.UtcNow < resetsAt,
            "the wait was only seen after the reset; the test cannot tell a wait from a retry");
        Assert.Equal((AgentStatuses.WaitingForAccount, AgentReasons.WaitingForAccount, resetsAt, (int?)null),
            (waiting.Status, waiting.StatusReason, waiting.WaitingForAccountUntil, waiting.Pid));
        Assert.Contains(factory.Harness.Published.Select<AgentStatusChanged>(),
            m => m.Context.Message.AgentId == agent.Id && m.Context.Message.To == AgentStatuses.WaitingForAccount);
        Assert.DoesNotContain(factory.Harness.Published.Select<AgentStatusChanged>(),
            m => m.Context.Message.AgentId == agent.Id && m.Context.Message.To == AgentStatuses.Crashed);

        var done = await factory.WaitForStatusAsync(_client, agent.Id, AgentStatuses.Stopped,
            TimeSpan.FromSeconds(120));
        Assert.True(DateTimeOffset.UtcNow >= resetsAt);
        Assert.Equal(
            (AgentReasons.TaskComplete, only, waiting.SessionId), (done.StatusReason, done.AccountId, done.SessionId));
        Assert.Null(done.WaitingForAccountUntil);
        Assert.Equal("continued\n", File.ReadAllText(Path.Combine(done.WorktreeId, "after-reset.txt")));
        var sessions =
            (await _client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{agent.Id}/sessions"))!;
        Assert.Equal([AgentReasons.UsageLimit, "done"], sessions.Select(s => s.Outcome));

        // An agent with a question, answered below while no account is free.
        var asking = $"m-{Ids.New()}";
        factory.Api.Script(asking,
            Steps.Signal(
                new { status = "questions", questions = new[] { new { id = "q1", question = "Which colour?" } } }),
            Steps.Say("Waiting."),
            Steps.Write("answered.txt", "blue\n"),
            Steps.Signal(new { status = "done", result = new { message = "used the answer" } }),
            Steps.Say("Done."));
        var questioner = (await (await _client.PostAsJsonAsync("/api/agents", new { prompt = $"Scenario {asking}." }))
            .Content.ReadFromJsonAsync<AgentResponse>())!;
        await factory.WaitForStatusAsync(_client, questioner.Id, AgentStatuses.WaitingForInput);

        // Exhausted for hours this time: an account added meanwhile is taken at once,
        // with the conversation carried over.
        var later = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(3).ToUnixTimeSeconds());
        var next = $"m-{Ids.New()}";
        factory.Api.Script(next,
            Steps.Limit(later),
            Steps.Write("on-new-account.txt", "new\n"),
            Steps.Signal(new { status = "done", result = new { message = "continued on the new account" } }),
            Steps.Say("Done."));
        var second = (await (await _client.PostAsJsonAsync("/api/agents", new { prompt = $"Scenario {next}." }))
            .Content.ReadFromJsonAsync<AgentResponse>())!;
        var stuck = await Eventually.ValueAsync(() => factory.GetAgentAsync(_client, second.Id),
            a => a.Status is AgentStatuses.WaitingForAccount or AgentStatuses.Stopped or AgentStatuses.Crashed,
            "second agent waiting", TimeSpan.FromSeconds(60));
        Assert.Equal((AgentStatuses.WaitingForAccount, later), (stuck.Status, stuck.WaitingForAccountUntil));
        // A freshly spawned agent has nothing to run on either:
        // it waits too, saying until when, and starts with the new account.
        var idle = $"m-{Ids.New()}";
        factory.Api.Script(idle,
            Steps.Signal(new { status = "done", result = new { message = "started late" } }), Steps.Say("Done."));
        var third = (await (await _client.PostAsJsonAsync("/api/agents", new { prompt = $"Scenario {idle}." }))
            .Content.ReadFromJsonAsync<AgentResponse>())!;
        var idleWaiting = await Eventually.ValueAsync(
            () => factory.GetAgentAsync(_client, third.Id), a => a.WaitingForAccount, "idle agent waiting");
        Assert.Equal((AgentStatuses.WaitingForAccount, later), (idleWaiting.Status, idleWaiting.WaitingForAccountUntil));

        // Answers are accepted all the same; the agent waits with them.
        var answered = await _client.PostAsJsonAsync($"/api/agents/{questioner.Id}/answers", new { answer = "blue" });
        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
        var held = await factory.GetAgentAsync(_client, questioner.Id);
        Assert.Equal((AgentStatuses.WaitingForAccount, AgentReasons.WaitingForAccount, later),
            (held.Status, held.StatusReason, held.WaitingForAccountUntil));

        var added = await SubscriptionAccounts.AddAsync(_client, "added@example.com", 1);
        var resumed =
            await factory.WaitForStatusAsync(_client, second.Id, AgentStatuses.Stopped, TimeSpan.FromSeconds(120));
        Assert.Equal((added, stuck.SessionId), (resumed.AccountId, resumed.SessionId));
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(resumed.WorktreeId, "on-new-account.txt")));
        Assert.Equal(AgentReasons.TaskComplete,
            (await factory.WaitForStatusAsync(_client, third.Id, AgentStatuses.Stopped, TimeSpan.FromSeconds(120)))
            .StatusReason);
        var afterAnswers = await factory.WaitForStatusAsync(_client, questioner.Id, AgentStatuses.Stopped,
            TimeSpan.FromSeconds(120));
        Assert.Equal((AgentReasons.TaskComplete, 2), (afterAnswers.StatusReason, afterAnswers.SessionNumber));
        Assert.Equal("blue\n", File.ReadAllText(Path.Combine(afterAnswers.WorktreeId, "answered.txt")));
    }
}
