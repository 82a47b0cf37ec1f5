using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// The files written for a provider account ($CW_HOME/accounts/&lt;id&gt;: credentials, config, what the CLI keeps
/// there) are readable by the owner only, and deleting the account removes them all.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AccountFilesTests(AgentsFactory factory) : IClassFixture<AgentsFactory>
{
    private const UnixFileMode OwnerOnlyDirectory =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task Account_files_are_owner_only_and_deleting_the_account_removes_every_one()
    {
        var secret = $"sk-ant-oat01-{Ids.New()}";
        var account = await AddAccountAsync(secret);
        var dir = Path.Combine(factory.Home, "accounts", account.Id);
        // Left by an older version, readable by everyone: materialising it again must close it.
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, ".credentials.json"), "{}");
        File.SetUnixFileMode(
            Path.Combine(dir, ".credentials.json"), OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await MaterialiseAsync(account.Id); // what the supervisor does before an agent runs on the account
        // What the CLI itself keeps there: a session transcript that may quote the conversation.
        Directory.CreateDirectory(Path.Combine(dir, "projects", "p"));
        File.WriteAllText(Path.Combine(dir, "projects", "p", "session.jsonl"), secret);

        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(Path.Combine(factory.Home, "accounts")));
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(dir));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(dir, ".credentials.json")));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(dir, ".claude.json")));
        Assert.Contains(secret, File.ReadAllText(Path.Combine(dir, ".credentials.json")));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/accounts/{account.Id}")).StatusCode);

        Assert.False(Directory.Exists(dir), $"{dir} is still there after the account was deleted");
        Assert.DoesNotContain(Directory.EnumerateFiles(factory.Home, "*", SearchOption.AllDirectories),
            file => File.ReadAllText(file).Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gemini_account_gets_its_files_in_the_CLIs_own_subdirectory_owner_only()
    {
        var secret = $"ya29.{Ids.New()}";
        var response = await _client.PostAsJsonAsync("/api/accounts", new
        {
            email = $"gemini{Ids.New()[..6]}@example.com", provider = "gemini",
            credentials = new { access_token = secret, refresh_token = "r", expiry_date = 4102444800000 },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var account = (await response.Content.ReadFromJsonAsync<AccountsApi.AccountResponse>())!;

        await MaterialiseAsync(account.Id);

        var gemini = Path.Combine(factory.Home, "accounts", account.Id, ".gemini");
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(gemini));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(gemini, "oauth_creds.json")));
        Assert.Contains(secret, File.ReadAllText(Path.Combine(gemini, "oauth_creds.json")));
        Assert.Contains("oauth-personal", File.ReadAllText(Path.Combine(gemini, "settings.json")));
    }

    [Fact]
    public async Task An_account_never_materialised_is_deleted_without_a_problem()
    {
        var account = await AddAccountAsync($"sk-ant-oat01-{Ids.New()}");

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/accounts/{account.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/accounts/{account.Id}")).StatusCode);
    }

    private async Task<AccountsApi.AccountResponse> AddAccountAsync(string secret)
    {
        var response = await _client.PostAsJsonAsync("/api/accounts", new
        {
            email = $"files{Ids.New()[..6]}@example.com",
            credentials = new
            {
                claudeAiOauth = new { accessToken = secret, refreshToken = "r", expiresAt = 4102444800000 },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AccountsApi.AccountResponse>())!;
    }

    private async Task MaterialiseAsync(string accountId)
    {
        var account = await factory.QueryAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == accountId));
        factory.Services.GetRequiredService<AccountPool>().Materialise(account);
    }
}
