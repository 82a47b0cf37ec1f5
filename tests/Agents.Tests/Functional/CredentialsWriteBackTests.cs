using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// A CLI that renews its login during a run (a refreshed access token, a rotated refresh token) rewrites the
/// credentials file in its account's config dir: the service stores that back, so the account shows the new expiry and
/// the next run starts from the renewed login instead of the stale one; a file the CLI left malformed is not taken.
/// </summary>
public sealed class CredentialsWriteBackTests(RotatingCodexFactory factory) : IClassFixture<RotatingCodexFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task Credentials_the_cli_rewrote_are_stored_back_and_given_to_the_next_run()
    {
        var added = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
        var renewed = added.AddDays(10);
        var response = await _client.PostAsJsonAsync("/api/accounts", new
        {
            email = "rotating@example.com", provider = "codex",
            credentials = RotatingCodexFactory.Login(added, "refresh-1"),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var account = (await response.Content.ReadFromJsonAsync<AccountsApi.AccountResponse>())!;
        Assert.Equal(added, account.CredentialsExpireAt);
        factory.WriteRenewal(RotatingCodexFactory.Login(renewed, "refresh-2"));

        // The first run renews the login (the stand-in CLI writes the new auth.json, as codex does after a refresh).
        await RunAsync("ROTATE-LOGIN");
        var after = await _client.GetFromJsonAsync<AccountsApi.AccountResponse>($"/api/accounts/{account.Id}");
        Assert.Equal((renewed, true), (after!.CredentialsExpireAt, after.CredentialsRefreshable));

        // The next run's config dir holds the renewed login, not the one added.
        var next = await RunAsync("look");
        Assert.Contains("refresh-2", File.ReadAllText(Path.Combine(next.WorktreeId, "auth-seen.json")));

        // A malformed rewrite (an id_token that is no JWT) is not taken: the account keeps the renewed login.
        factory.WriteRenewal("""{"tokens":{"id_token":"not-a-jwt","refresh_token":"refresh-3"}}""");
        await RunAsync("ROTATE-LOGIN");
        var kept = await _client.GetFromJsonAsync<AccountsApi.AccountResponse>($"/api/accounts/{account.Id}");
        Assert.Equal(renewed, kept!.CredentialsExpireAt);
    }

    private async Task<AgentResponse> RunAsync(string what)
    {
        var spawned = await _client.PostAsJsonAsync("/api/agents",
            new { mode = "execute", provider = "codex", prompt = $"{what} {Ids.New()}" });
        Assert.Equal(HttpStatusCode.Created, spawned.StatusCode);
        var agent = (await spawned.Content.ReadFromJsonAsync<AgentResponse>(JsonSerializerOptions.Web))!;
        return await factory.WaitForStatusAsync(_client, agent.Id, AgentStatuses.Stopped);
    }
}

/// <summary>
/// The Agents service whose "codex" is a stand-in shell command: it copies the auth.json it was given into its working
/// directory (auth-seen.json), writes the renewal file over it when its prompt says ROTATE-LOGIN (what codex does after
/// refreshing its tokens), and signals done.
/// </summary>
public sealed class RotatingCodexFactory : AgentsFactory
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"cw-rotating-{Ids.New()}");

    private string ProvidersFile => Path.Combine(_dir, "providers.json");
    private string RenewalFile => Path.Combine(_dir, "renewed-auth.json");

    public RotatingCodexFactory()
    {
        Directory.CreateDirectory(_dir);
        var script = $$$"""cp "$CODEX_HOME/auth.json" auth-seen.json; case "$1" in *ROTATE-LOGIN*) cp '{{{RenewalFile}}}' "$CODEX_HOME/auth.json";; esac; mkdir -p .cw/output && echo '{"status":"done","result":{}}' > .cw/output/signal.json""";
        File.WriteAllText(ProvidersFile, JsonSerializer.Serialize(new
        {
            providers = new Dictionary<string, object>
            {
                ["codex"] = new
                {
                    executable = "sh", spawnArgs = new[] { "-c", script, "codex", "{prompt}" }, parser = "text",
                    sessionIdSource = "none", configDirEnv = "CODEX_HOME", credentialsFile = "auth.json",
                },
            },
        }));
    }

    protected override IDictionary<string, string> Settings =>
        new Dictionary<string, string> { ["Agents:ProvidersFile"] = ProvidersFile };

    public void WriteRenewal(object login) =>
        File.WriteAllText(RenewalFile, login as string ?? JsonSerializer.Serialize(login));

    /// <summary>A Codex ChatGPT login (auth.json) whose id_token expires at <paramref name="expires"/>.</summary>
    public static object Login(DateTimeOffset expires, string refreshToken) => new
    {
        tokens = new
        {
            id_token = $"{Part(new { alg = "none" })}.{Part(new { exp = expires.ToUnixTimeSeconds() })}.sig",
            access_token = $"access-{refreshToken}", refresh_token = refreshToken,
        },
    };

    private static string Part(object json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(json)))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    protected override async ValueTask DisposeResourcesAsync()
    {
        Directory.Delete(_dir, recursive: true);
        await base.DisposeResourcesAsync();
    }
}
