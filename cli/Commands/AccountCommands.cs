using System.CommandLine;
using System.Text.Json;
using Codewalkers.Cli.Accounts;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw account`: the provider logins agents run on (/api/accounts). Credentials go in and never come out: the API
/// answers without them (hasCredentials only), and `cw` never prints them, not even in an error.
/// </summary>
public sealed class AccountCommands : ICommandGroup
{
    private static readonly Column[] Columns =
    [
        new("ID", "id"), new("EMAIL", "email"), new("PROVIDER", "provider"), new("STATE", State),
        new("LAST USED", e => Json.Time(e, "lastUsedAt")), new("ORDER", "sortOrder"),
    ];

    public Command Build() => new("account", "Add, list and remove the provider accounts agents run on.")
    {
        Add(), List(), Remove(),
    };

    private static Command Add()
    {
        var provider = new Option<string>("--provider")
        {
            Description = "The agent CLI the account is for.",
            DefaultValueFactory = _ => ClaudeCodeLogin.Provider,
        };
        provider.CompletionSources.Add("claude", "codex", "gemini");
        var from = new Option<FileInfo?>("--from")
        {
            Description = "The credentials file to send (default for claude: the login of Claude Code on this "
                + "machine, $CLAUDE_CONFIG_DIR/.credentials.json or ~/.claude/.credentials.json).",
            HelpName = "file",
        };
        var email = new Option<string?>("--email")
        {
            Description = "The account's email (default: the one Claude Code's config names for its login).",
        };
        var order = new Option<int?>("--order")
        {
            Description = "Where the account comes when the system picks one (default: last).",
            HelpName = "position",
        };
        return new Command("add", "Add an account from a provider CLI's own login, so nobody copies JSON by hand: "
            + "log in with the CLI (e.g. run `claude`, then /login), then run 'cw account add'. The system keeps the "
            + "credentials encrypted and never shows them.")
        {
            provider, from, email, order,
        }.Does(async (context, parse, ct) =>
        {
            var name = parse.GetValue(provider)!;
            var login = Read(context.Host, name, parse.GetValue(from)?.FullName);
            var address = parse.GetValue(email) ?? login.Email ?? throw CliException.Usage(
                $"{login.CredentialsPath} does not say which account it is: pass --email <address>.");
            var account = await context.Api.PostAsync("api/accounts", new
            {
                email = address,
                provider = name,
                credentials = login.Credentials,
                config = login.Config,
                sortOrder = parse.GetValue(order),
            }, ct);
            context.Output.Done(account, $"Account {Json.Text(account, "email")} ({Json.Text(account, "provider")}) "
                + $"added: {Json.Text(account, "id")}");
        });
    }

    private static Command List() => new Command("list", "List accounts in the order the system picks them, with "
        + "whether each is exhausted (its usage limit reached) and until when.").Does(async (context, _, ct) =>
        context.Output.Table(await context.Api.GetAsync("api/accounts", ct),
            "No accounts. Log in with your agent CLI (e.g. `claude`), then: cw account add", Columns));

    private static Command Remove()
    {
        var id = new Argument<string>("id") { Description = "The account's id or email." };
        return new Command("remove", "Remove an account and every file the system wrote for it (refused while an "
            + "agent runs on it).") { id }.Does(async (context, parse, ct) =>
        {
            var wanted = parse.GetRequiredValue(id);
            var accounts = await context.Api.GetAsync("api/accounts", ct);
            var matches = Json.Items(accounts)
                .Where(a => Json.String(a, "id") == wanted || Json.String(a, "email") == wanted).ToList();
            if (matches.Count == 0)
                throw new CliException(ExitCodes.NotFound, $"No account '{wanted}' (see cw account list).");
            if (matches.Count > 1)
                throw CliException.Usage($"{matches.Count} accounts have the email {wanted} (one per provider): "
                    + "give the id.");
            await context.Api.DeleteAsync($"api/accounts/{Uri.EscapeDataString(Json.Text(matches[0], "id"))}", ct);
            context.Output.Done(matches[0], $"Account {Json.Text(matches[0], "email")} removed.");
        });
    }

    /// <summary>Claude Code's login is found by itself; other CLIs' credentials files are named with --from.</summary>
    private static ProviderLogin Read(CliHost host, string provider, string? from)
    {
        if (provider == ClaudeCodeLogin.Provider) return ClaudeCodeLogin.Read(host, from);
        if (from is null)
            throw CliException.Usage($"cw reads only Claude Code's login by itself: for {provider}, pass --from "
                + "<its credentials file>.");
        return File.Exists(from)
            ? new ProviderLogin(from, CredentialsFile.Read(from), null, null)
            : throw CliException.Usage($"No file {from}.");
    }

    private static string State(JsonElement account) => Json.Find(account, "isExhausted") is
        { ValueKind: JsonValueKind.True }
        ? $"exhausted until {Json.Time(account, "exhaustedUntil")}"
        : Json.Find(account, "hasCredentials") is { ValueKind: JsonValueKind.False } ? "no credentials" : "ready";
}
