using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// Cross-provider failover with the real Claude and Codex CLIs: Claude subscription accounts and Codex accounts, both
/// fakes able to answer with their usage-limit errors. A spawn allows codex after claude (or the reverse).
/// </summary>
public sealed class ProviderFailoverTests(FailoverFactory factory) : IClassFixture<FailoverFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task With_both_claude_accounts_exhausted_the_task_continues_on_codex_with_the_transcript_and_completes()
    {
        _ = ClaudeCli.Path;
        _ = CodexCli.Path;
        var firstClaude = await SubscriptionAccounts.AddAsync(_client, "one@example.com", 0);
        var secondClaude = await SubscriptionAccounts.AddAsync(_client, "two@example.com", 1);
        var codex = await factory.AddCodexAccountAsync(_client, "codex@example.com", 2);
        var marker = $"m-{Ids.New()}";
        var evidence = $"evidence-{Ids.New()}";
        var later = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds());
        factory.Api.Script(marker,
            Steps.Write("before.txt", $"{evidence}\n"),
            Steps.Limit(later),
            // The second account resumes the session, and is exhausted too.
            Steps.Limit(later));
        factory.Codex.Script(marker,
            CodexSteps.Write("after-failover.txt", "codex\n"),
            CodexSteps.Signal(new { status = "done", result = new { message = "finished on codex" } }),
            CodexSteps.Say("Done."));

        var agentId = await factory.SpawnAsync(marker, "claude", ["codex"]);
        var done = await factory.WaitForStatusAsync(_client, agentId, AgentStatuses.Stopped, TimeSpan.FromSeconds(180));

        Assert.Equal(("codex", codex, AgentReasons.TaskComplete), (done.Provider, done.AccountId, done.StatusReason));
        Assert.Equal(["claude", "codex"], done.AllowedProviders!);
        var change = Assert.Single(done.ProviderHistory!);
        Assert.Equal(("claude", secondClaude, "codex", codex, 2),
            (change.FromProvider, change.FromAccountId, change.ToProvider, change.ToAccountId, change.AfterSession));
        Assert.Equal("codex\n", File.ReadAllText(Path.Combine(done.WorktreeId, "after-failover.txt")));
        // Codex was told what Claude had done: its first request carries the transcript (the file Claude wrote).
        var first = factory.Codex.Requests(marker)[0];
        Assert.Contains("previous_transcript", first);
        Assert.Contains(evidence, first);
        Assert.Contains($"Scenario {marker}", first);

        var sessions = (await _client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{agentId}/sessions"))!;
        Assert.Equal([AgentReasons.UsageLimit, AgentReasons.UsageLimit, "done"], sessions.Select(s => s.Outcome));
        Assert.Equal([firstClaude, secondClaude, codex], sessions.Select(s => s.AccountId));
        // The codex session counts its own new thread from zero (nothing of Claude's sessions is taken off), and its
        // model is the one the CLI wrote in the rollout under the codex account's CODEX_HOME.
        var codexSession = await factory.QueryAsync(db => db.Sessions.AsNoTracking()
            .SingleAsync(s => s.AgentId == agentId && s.SessionNumber == 3));
        var requests = factory.Codex.StepsServed(marker);
        Assert.Equal(
            (FakeOpenAiResponsesApi.Model, (long?)requests * FakeOpenAiResponsesApi.InputTokensPerResponse,
                (long?)requests * FakeOpenAiResponsesApi.OutputTokensPerResponse),
            (codexSession.Model, codexSession.InputTokens, codexSession.OutputTokens));
        var switched = Assert.Single(await factory.PublishedAsync<AgentProviderSwitched>(m => m.AgentId == agentId));
        Assert.Equal(("claude", "codex", AgentReasons.ProviderFailover), (switched.FromProvider, switched.ToProvider,
            switched.Reason));
        // It never waited: codex had an account.
        Assert.DoesNotContain(factory.Harness.Published.Select<AgentStatusChanged>(),
            m => m.Context.Message.AgentId == agentId && m.Context.Message.To == AgentStatuses.WaitingForAccount);
        var accounts = await factory.QueryAsync(db => db.Accounts.AsNoTracking().ToDictionaryAsync(a => a.Id));
        Assert.True(accounts[firstClaude].IsExhausted && accounts[secondClaude].IsExhausted);
        Assert.False(accounts[codex].IsExhausted);
    }
}

/// <summary>
/// Every provider exhausted: the agent waits (a status change), and continues once, by itself, at the earliest reset.
/// </summary>
public sealed class ProviderWaitTests(FailoverFactory factory) : IClassFixture<FailoverFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task With_every_provider_exhausted_the_agent_waits_visibly_and_resumes_once_at_the_earliest_reset()
    {
        _ = ClaudeCli.Path;
        _ = CodexCli.Path;
        var codex = await factory.AddCodexAccountAsync(_client, "codex@example.com", 0);
        var claude = await SubscriptionAccounts.AddAsync(_client, "claude@example.com", 1);
        var marker = $"m-{Ids.New()}";
        var evidence = $"evidence-{Ids.New()}";
        // Soon enough for a test, late enough to see the wait on a busy machine (the header carries whole seconds).
        var resetsAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(40).ToUnixTimeSeconds());
        factory.Codex.Script(marker,
            CodexSteps.Run($"echo {evidence} > by-codex.txt"),
            CodexSteps.Limit(DateTimeOffset.UtcNow.AddHours(3)));
        factory.Api.Script(marker,
            Steps.Write("by-claude.txt", "claude\n"),
            Steps.Limit(resetsAt),
            // Served only to the session that continued after the wait.
            Steps.Write("after-reset.txt", "continued\n"),
            Steps.Signal(new { status = "done", result = new { message = "continued after the reset" } }),
            Steps.Say("Done."));

        var agentId = await factory.SpawnAsync(marker, "codex", ["claude"]);
        var waiting = await Eventually.ValueAsync(() => factory.GetAgentAsync(_client, agentId),
            a => a.Status is AgentStatuses.WaitingForAccount or AgentStatuses.Stopped or AgentStatuses.Crashed,
            "agent waiting for an account", TimeSpan.FromSeconds(120));
        Assert.True(DateTimeOffset.UtcNow < resetsAt,
            "the wait was only seen after the reset; the test cannot tell a wait from a retry");
        Assert.Equal((AgentStatuses.WaitingForAccount, "claude", resetsAt, (int?)null),
            (waiting.Status, waiting.Provider, waiting.WaitingForAccountUntil, waiting.Pid));
        // Published as a status change, so every reader of agent statuses sees it.
        var wait = Assert.Single(await factory.PublishedAsync<AgentStatusChanged>(
            m => m.AgentId == agentId && m.To == AgentStatuses.WaitingForAccount));
        Assert.Equal((AgentStatuses.Running, AgentReasons.WaitingForAccount), (wait.From, wait.Reason));
        var listed = (await _client.GetFromJsonAsync<WaitingAgentResponse[]>("/api/agents/waiting?for=account"))!;
        Assert.Contains(listed, a => a.Id == agentId && a.Status == AgentStatuses.WaitingForAccount);
        // Claude was told what Codex had done.
        Assert.Contains(evidence, factory.Api.FirstRequest(marker));

        // Nothing is tried before the reset: the script's next step stays unserved until then.
        var servedWhileWaiting = factory.Api.StepsServed(marker);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(servedWhileWaiting, factory.Api.StepsServed(marker));

        var done = await factory.WaitForStatusAsync(_client, agentId, AgentStatuses.Stopped, TimeSpan.FromSeconds(150));
        Assert.True(DateTimeOffset.UtcNow >= resetsAt);
        Assert.Equal((AgentReasons.TaskComplete, "claude", claude, waiting.SessionId),
            (done.StatusReason, done.Provider, done.AccountId, done.SessionId));
        Assert.Equal("continued\n", File.ReadAllText(Path.Combine(done.WorktreeId, "after-reset.txt")));
        var sessions = (await _client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{agentId}/sessions"))!;
        // Resumed once: one session after the wait, started at the reset or later.
        Assert.Equal([AgentReasons.UsageLimit, AgentReasons.UsageLimit, "done"], sessions.Select(s => s.Outcome));
        Assert.Equal([codex, claude, claude], sessions.Select(s => s.AccountId));
        Assert.True(sessions[2].StartedAt >= resetsAt, $"session 3 started at {sessions[2].StartedAt:O}");
        var statuses = factory.Harness.Published.Select<AgentStatusChanged>()
            .Select(m => m.Context.Message).Where(m => m.AgentId == agentId).OrderBy(m => m.Version)
            .Select(m => m.To).ToArray();
        Assert.Equal([AgentStatuses.Running, AgentStatuses.WaitingForAccount, AgentStatuses.Running,
            AgentStatuses.Stopped], statuses);
    }
}

/// <summary>
/// The Agents service running the real Claude CLI as subscription accounts (no API key) and the real Codex CLI as
/// Codex accounts (the fake Responses API's config.toml as the accounts' config template).
/// </summary>
public sealed class FailoverFactory : AgentsFactory
{
    public FakeOpenAiResponsesApi Codex { get; private set; } = null!;

    protected override bool UseApiKey => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var codexHome = Path.Combine(Home, "codex-home");
        Codex.WriteCodexConfig(codexHome);
        builder.UseSetting("Agents:Executables:codex", CodexCli.Path);
        builder.UseSetting($"Agents:Environment:{FakeOpenAiResponsesApi.KeyVariable}", "test-key");
        builder.UseSetting("Agents:ConfigTemplates:codex", codexHome);
    }

    /// <summary>A Codex account with an API-key login (auth.json); its id.</summary>
    public async Task<string> AddCodexAccountAsync(HttpClient client, string email, int sortOrder)
    {
        var response = await client.PostAsJsonAsync("/api/accounts", new
        {
            email, sortOrder, provider = "codex",
            credentials = new Dictionary<string, string> { ["OPENAI_API_KEY"] = $"sk-{email}" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AccountsApi.AccountResponse>())!.Id;
    }

    /// <summary>Spawns as Planning does (SpawnAgent on the queue) with fallbacks; the agent's id.</summary>
    public async Task<string> SpawnAsync(string marker, string provider, IReadOnlyList<string> fallbacks)
    {
        var requestId = Ids.New();
        await SendCommandAsync(new SpawnAgent(requestId, AgentModes.Execute, $"Scenario {marker}.", provider,
            "task-1", null, null, null, [], [], [], FallbackProviders: fallbacks));
        return Assert.Single(await PublishedAsync<AgentSpawned>(m => m.RequestId == requestId)).AgentId;
    }

    public override async Task InitializeAsync()
    {
        Codex = await FakeOpenAiResponsesApi.StartAsync();
        await base.InitializeAsync();
    }

    protected override async ValueTask DisposeResourcesAsync()
    {
        await Codex.DisposeAsync();
        await base.DisposeResourcesAsync();
    }
}
