using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// Account credentials read for their expiry: an expired account nothing can refresh is skipped (announced once), and
/// malformed credentials or an unknown fallback provider are refused with nothing made.
/// </summary>
public sealed class AccountCredentialsTests(SubscriptionAgentsFactory factory)
    : IClassFixture<SubscriptionAgentsFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task An_account_whose_credentials_expired_is_skipped_with_an_event_once_and_the_next_one_runs_the_agent()
    {
        _ = ClaudeCli.Path;
        var expiredAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds());
        var expired = await AddAsync("expired@example.com", 0, new
        {
            claudeAiOauth = new { accessToken = "old", expiresAt = expiredAt.ToUnixTimeMilliseconds() },
        });
        // Expired too, but with a refresh token: the CLI renews it itself, so it is not skipped.
        var refreshable = await AddAsync("refreshable@example.com", 1, new
        {
            claudeAiOauth = new { accessToken = "old", refreshToken = "r", expiresAt = expiredAt.ToUnixTimeMilliseconds() },
        });
        var valid = await SubscriptionAccounts.AddAsync(_client, "valid@example.com", 2);

        var shown = (await _client.GetFromJsonAsync<AccountsApi.AccountResponse>($"/api/accounts/{expired}"))!;
        Assert.Equal((expiredAt, true, false), (shown.CredentialsExpireAt, shown.Expired, shown.CredentialsRefreshable));
        var renewable = (await _client.GetFromJsonAsync<AccountsApi.AccountResponse>($"/api/accounts/{refreshable}"))!;
        Assert.Equal((true, false), (renewable.CredentialsRefreshable, renewable.Expired));

        // Least recently used first: the expired account (never used, first in order) would be taken, and is
        // skipped. The refreshable one is tried: its CLI attempts the refresh, which fails here (no OAuth server), so
        // it counts as expired from then on and the session goes on with the valid account.
        var first = await RunAgentAsync();
        Assert.Equal(valid, first.AccountId);
        var sessions = (await _client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{first.Id}/sessions"))!;
        Assert.Equal([(refreshable, AgentReasons.AuthFailure), (valid, "done")],
            sessions.Select(s => (s.AccountId, s.Outcome)));
        var announced = await factory.PublishedAsync<AccountCredentialsExpired>(
            m => m.AccountId == expired || m.AccountId == refreshable, count: 2);
        Assert.Equal([("claude", expiredAt), ("claude", expiredAt)],
            announced.Select(m => (m.Provider, m.ExpiredAt)));
        Assert.True((await _client.GetFromJsonAsync<AccountsApi.AccountResponse>($"/api/accounts/{refreshable}"))!
            .Expired);

        var second = await RunAgentAsync();
        Assert.Equal(valid, second.AccountId);
        Assert.Single((await _client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{second.Id}/sessions"))!);
        // Once per expiry, not at every pick.
        Assert.Equal(2, factory.Harness.Published.Select<AccountCredentialsExpired>()
            .Count(m => m.Context.Message.AccountId == expired || m.Context.Message.AccountId == refreshable));
    }

    [Fact]
    public async Task Malformed_credentials_are_refused_naming_the_field_and_no_account_is_added()
    {
        var before = (await _client.GetFromJsonAsync<AccountsApi.AccountResponse[]>("/api/accounts"))!.Length;
        await AssertRefusedAsync("claude",
            new { claudeAiOauth = new { accessToken = "a", expiresAt = "tomorrow" } },
            "credentials.claudeAiOauth.expiresAt");
        await AssertRefusedAsync("claude", new { claudeAiOauth = new { expiresAt = 1 } },
            "credentials.claudeAiOauth.accessToken");
        await AssertRefusedAsync("codex", new { tokens = new { id_token = "not-a-jwt" } }, "credentials.tokens.id_token");
        Assert.Equal(before, (await _client.GetFromJsonAsync<AccountsApi.AccountResponse[]>("/api/accounts"))!.Length);
    }

    [Fact]
    public async Task A_spawn_naming_an_unknown_fallback_provider_is_refused_and_nothing_is_made()
    {
        var requestId = Ids.New();
        await factory.SendCommandAsync(new SpawnAgent(requestId, AgentModes.Execute, "Never runs.", "claude", "task-x",
            null, null, null, [], [], [], FallbackProviders: ["codex", "nosuch"]));

        var failed = Assert.Single(await factory.PublishedAsync<AgentSpawnFailed>(m => m.RequestId == requestId));
        Assert.Contains("fallbackProviders[1]", failed.Error);
        Assert.Contains("nosuch", failed.Error);
        Assert.DoesNotContain(factory.Harness.Published.Select<AgentSpawned>(),
            m => m.Context.Message.RequestId == requestId);
    }

    private async Task AssertRefusedAsync(string provider, object credentials, string field)
    {
        var response = await _client.PostAsJsonAsync("/api/accounts",
            new { email = $"bad-{Ids.New()}@example.com", provider, credentials });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    private async Task<string> AddAsync(string email, int sortOrder, object credentials)
    {
        var response = await _client.PostAsJsonAsync("/api/accounts", new
        {
            email, sortOrder, credentials, config = new { hasCompletedOnboarding = true },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AccountsApi.AccountResponse>())!.Id;
    }

    private async Task<AgentResponse> RunAgentAsync()
    {
        var marker = $"m-{Ids.New()}";
        factory.Api.Script(marker,
            Steps.Signal(new { status = "done", result = new { message = "ran" } }), Steps.Say("Done."));
        var agent = (await (await _client.PostAsJsonAsync("/api/agents", new { prompt = $"Scenario {marker}." }))
            .Content.ReadFromJsonAsync<AgentResponse>())!;
        return await factory.WaitForStatusAsync(_client, agent.Id, AgentStatuses.Stopped);
    }
}
