using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Accounts;

/// <summary>
/// Where Claude Code keeps its login: <c>$CLAUDE_CONFIG_DIR/.credentials.json</c> (else
/// <c>~/.claude/.credentials.json</c>) holding <c>{"claudeAiOauth":{"accessToken",...}}</c>, and its config
/// <c>$CLAUDE_CONFIG_DIR/.claude.json</c> (else <c>~/.claude.json</c>) whose <c>oauthAccount.emailAddress</c> names
/// the account. Only the config's account block is sent: the rest is this machine's history of projects and tools,
/// which agents need not carry (the system writes <c>hasCompletedOnboarding</c> so the CLI starts headless).
/// </summary>
public static class ClaudeCodeLogin
{
    public const string Provider = "claude";

    public static ProviderLogin Read(CliHost host, string? credentialsFile)
    {
        var configDir = host.Environment("CLAUDE_CONFIG_DIR") is { Length: > 0 } dir ? dir : null;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var path = credentialsFile ?? Path.Combine(configDir ?? Path.Combine(home, ".claude"), ".credentials.json");
        if (!File.Exists(path))
            throw CliException.Usage(credentialsFile is not null
                ? $"No file {path}."
                : $"No Claude Code login at {path}. Run `claude` and log in (/login), or pass --from <credentials "
                    + "file>.");
        var credentials = CredentialsFile.Read(path);
        if (Json.Find(credentials, "claudeAiOauth.accessToken") is not { ValueKind: JsonValueKind.String })
            throw CliException.Usage($"{path} holds no Claude Code login (no claudeAiOauth.accessToken). Run `claude`"
                + " and log in, or pass --from <credentials file>.");

        // The config beside a --from file is its own; else the CLI's.
        var configPath = credentialsFile is not null
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, ".claude.json")
            : configDir is not null ? Path.Combine(configDir, ".claude.json") : Path.Combine(home, ".claude.json");
        var account = ReadAccount(configPath);
        var config = JsonSerializer.SerializeToElement(account is { } known
            ? new Dictionary<string, object> { ["hasCompletedOnboarding"] = true, ["oauthAccount"] = known }
            : new Dictionary<string, object> { ["hasCompletedOnboarding"] = true });
        return new ProviderLogin(path, credentials, config,
            account is { } a ? Json.String(a, "emailAddress") : null);
    }

    /// <summary>The config's <c>oauthAccount</c> block, if the file is there and readable.</summary>
    private static JsonElement? ReadAccount(string configPath)
    {
        if (!File.Exists(configPath)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(configPath));
            return Json.Find(document.RootElement, "oauthAccount") is { ValueKind: JsonValueKind.Object } account
                ? account.Clone()
                : null;
        }
        catch (JsonException)
        {
            return null; // the email can still be given with --email
        }
    }
}
