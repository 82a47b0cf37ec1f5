using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class AccountCommandTests
{
    private const string Secret = "sk-ant-oat01-SECRET-access";
    private const string Refresh = "sk-ant-ort01-SECRET-refresh";

    private static readonly string Credentials = $$$"""
        {"claudeAiOauth":{"accessToken":"{{{Secret}}}","refreshToken":"{{{Refresh}}}","expiresAt":1900000000000,
         "scopes":["user:inference","user:profile"],"subscriptionType":"max"}}
        """;

    private const string Config = """
        {"numStartups":12,"projects":{"/home/me/secret-project":{"history":["do things"]}},
         "oauthAccount":{"accountUuid":"u1","emailAddress":"me@example.com","organizationName":"Me"}}
        """;

    private const string Account = """
        {"id":"acc1","email":"me@example.com","provider":"claude","isExhausted":false,"exhaustedUntil":null,
         "lastUsedAt":null,"sortOrder":0,"hasCredentials":true,"createdAt":"2026-12-01T10:00:00Z"}
        """;

    [Fact]
    public async Task Add_sends_claude_codes_own_login_with_its_email_and_prints_no_secret()
    {
        var dir = ClaudeConfigDir(Credentials, Config);
        var api = new ScriptedApi().On("POST /api/accounts", 201, Account);

        var run = await Cw.RunAsync(api, "account add", new Dictionary<string, string> { ["CLAUDE_CONFIG_DIR"] = dir });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(api.Requests.Single().Body!).RootElement;
        Assert.Equal("claude", body.GetProperty("provider").GetString());
        Assert.Equal("me@example.com", body.GetProperty("email").GetString());
        Assert.Equal(Secret, body.GetProperty("credentials").GetProperty("claudeAiOauth").GetProperty("accessToken")
            .GetString());
        var config = body.GetProperty("config");
        Assert.True(config.GetProperty("hasCompletedOnboarding").GetBoolean());
        Assert.Equal("u1", config.GetProperty("oauthAccount").GetProperty("accountUuid").GetString());
        Assert.False(config.TryGetProperty("projects", out _)); // this machine's history stays here
        Assert.Contains("Account me@example.com (claude) added: acc1", run.Out);
        AssertNoSecret(run);
    }

    [Fact]
    public async Task Add_with_json_prints_the_api_answer_which_has_no_credentials()
    {
        var dir = ClaudeConfigDir(Credentials, Config);
        var api = new ScriptedApi().On("POST /api/accounts", 201, Account);

        var run = await Cw.RunAsync(api, "account add --json --email other@example.com",
            new Dictionary<string, string> { ["CLAUDE_CONFIG_DIR"] = dir });

        Assert.True(JsonDocument.Parse(run.Out).RootElement.GetProperty("hasCredentials").GetBoolean());
        Assert.Equal("other@example.com",
            JsonDocument.Parse(api.Requests.Single().Body!).RootElement.GetProperty("email").GetString());
        AssertNoSecret(run);
    }

    [Fact]
    public async Task A_missing_login_says_what_to_run()
    {
        var dir = Directory.CreateTempSubdirectory("cw-claude-").FullName;
        var api = new ScriptedApi();

        var run = await Cw.RunAsync(api, "account add", new Dictionary<string, string> { ["CLAUDE_CONFIG_DIR"] = dir });

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"No Claude Code login at {Path.Combine(dir, ".credentials.json")}", run.Error);
        Assert.Contains("Run `claude` and log in", run.Error);
        Assert.Contains("--from", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_credentials_file_that_is_not_json_is_named_without_its_content()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("cw-from-").FullName, "creds.json");
        File.WriteAllText(file, $"{{\"claudeAiOauth\":{{\"accessToken\":\"{Secret}\" oops");

        var run = await Cw.RunAsync(new ScriptedApi(), $"account add --from {file} --email me@example.com");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"{file} is not valid JSON (line 1).", run.Error);
        AssertNoSecret(run);
    }

    [Fact]
    public async Task A_file_without_a_claude_login_is_refused()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("cw-from-").FullName, "creds.json");
        File.WriteAllText(file, """{"token":"x"}""");

        var run = await Cw.RunAsync(new ScriptedApi(), $"account add --from {file} --email me@example.com");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("no claudeAiOauth.accessToken", run.Error);
    }

    [Fact]
    public async Task Add_from_a_file_without_an_email_asks_for_one()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("cw-from-").FullName, "creds.json");
        File.WriteAllText(file, Credentials);

        var run = await Cw.RunAsync(new ScriptedApi(), $"account add --from {file}");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("pass --email", run.Error);
    }

    [Fact]
    public async Task Another_provider_needs_its_credentials_file()
    {
        var run = await Cw.RunAsync(new ScriptedApi(), "account add --provider codex --email me@example.com");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("for codex, pass --from", run.Error);
    }

    [Fact]
    public async Task An_account_that_exists_already_is_a_conflict_and_no_secret_is_shown()
    {
        var dir = ClaudeConfigDir(Credentials, Config);
        var api = new ScriptedApi().On("POST /api/accounts", 409, """
            {"title":"Conflict","detail":"A claude account for me@example.com exists already.","status":409}
            """);

        var run = await Cw.RunAsync(api, "account add", new Dictionary<string, string> { ["CLAUDE_CONFIG_DIR"] = dir });

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Equal("cw: Conflict: A claude account for me@example.com exists already.", run.Error.Trim());
        AssertNoSecret(run);
    }

    [Fact]
    public async Task List_shows_which_accounts_are_exhausted()
    {
        var exhausted = Account.Replace("\"isExhausted\":false,\"exhaustedUntil\":null",
            "\"isExhausted\":true,\"exhaustedUntil\":\"2026-12-01T15:00:00Z\"");
        var api = new ScriptedApi().On("GET /api/accounts", 200, $"[{exhausted}]");

        var run = await Cw.RunAsync(api, "account list");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("me@example.com", run.Out);
        Assert.Contains("exhausted until", run.Out);
    }

    [Fact]
    public async Task Remove_finds_the_account_by_email_and_deletes_it_by_id()
    {
        var api = new ScriptedApi()
            .On("GET /api/accounts", 200, $"[{Account}]")
            .On("DELETE /api/accounts/acc1", 204, "");

        var run = await Cw.RunAsync(api, "account remove me@example.com");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("DELETE /api/accounts/acc1", api.Requests.Select(r => r.Request));
        Assert.Contains("Account me@example.com removed.", run.Out);
    }

    [Fact]
    public async Task Removing_an_account_in_use_is_a_conflict_and_an_unknown_one_is_not_found()
    {
        var api = new ScriptedApi()
            .On("GET /api/accounts", 200, $"[{Account}]")
            .On("DELETE /api/accounts/acc1", 409, """
                {"title":"Account in use","detail":"Agent 'brave-otter' is running on this account; stop it first.",
                 "status":409}
                """);

        var inUse = await Cw.RunAsync(api, "account remove acc1");
        var unknown = await Cw.RunAsync(api, "account remove nobody@example.com");

        Assert.Equal(ExitCodes.Conflict, inUse.ExitCode);
        Assert.Contains("Account in use: Agent 'brave-otter' is running", inUse.Error);
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        Assert.Contains("No account 'nobody@example.com'", unknown.Error);
    }

    private static string ClaudeConfigDir(string credentials, string? config)
    {
        var dir = Directory.CreateTempSubdirectory("cw-claude-").FullName;
        File.WriteAllText(Path.Combine(dir, ".credentials.json"), credentials);
        if (config is not null) File.WriteAllText(Path.Combine(dir, ".claude.json"), config);
        return dir;
    }

    private static void AssertNoSecret(Cw.Run run)
    {
        foreach (var secret in new[] { Secret, Refresh, "SECRET" })
        {
            Assert.DoesNotContain(secret, run.Out);
            Assert.DoesNotContain(secret, run.Error);
        }
    }
}
