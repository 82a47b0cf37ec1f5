using System.CommandLine;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Questions;
using Spectre.Console;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw status`: is the system up (the gateway's GET /health, which is as healthy as the services behind it), and what
/// are the agents doing (GET /api/agents) and asking (the inbox's sources).
/// </summary>
public sealed class StatusCommand : ICommandGroup
{
    // The gateway's RouteTable.Services: each has a check of that name in the gateway's /health.
    private static readonly string[] Services = ["planning", "agents", "collaboration", "errands"];

    public sealed record ServiceHealth(string Name, string Status, string? Detail);

    public sealed record AgentCounts(int Running, int Waiting, int WaitingForAccount, int Idle, int Total);

    /// <summary>An agent CLI as the agents service sees it (GET /api/providers).</summary>
    public sealed record ProviderStatus(string Name, bool Installed, string? Path, int Accounts, string? InstallHint);

    /// <summary>What `cw status --json` prints; these names are stable.</summary>
    public sealed record StatusReport(
        string Status, string Api, IReadOnlyList<ServiceHealth> Services, AgentCounts? Agents, int? QuestionsPending,
        string? AgentsError, IReadOnlyList<ProviderStatus>? Providers = null);

    public Command Build() => new Command("status", "Is Codewalkers up: each service's health, agents running and "
        + "waiting, questions pending, agent CLIs. Exit 0 healthy, 1 degraded or unhealthy or no agent CLI installed, "
        + "5 gateway unreachable, 6 token refused. --json: "
        + "{status, api, services: [{name, status, detail}], agents: {running, waiting, waitingForAccount, idle, "
        + "total}, questionsPending, agentsError, providers: [{name, installed, path, accounts, installHint}]} (agents "
        + "and providers null and agentsError set when the agents service cannot be read).")
        .Does(async (context, _, ct) =>
    {
        var (report, agentsExitCode) = await ReadAsync(context, ct);
        context.Output.Result(JsonSerializer.SerializeToElement(report, GatewayClient.Json),
            () => Show(context, report));
        // Healthy is not enough for a script: agents must be readable (a refused token exits 6) and able to start.
        if (report.Status != "Healthy") return ExitCodes.Failure;
        if (agentsExitCode is { } failed) return failed;
        return report.Providers is { Count: > 0 } providers && !providers.Any(p => p.Installed)
            ? ExitCodes.Failure
            : ExitCodes.Success;
    });

    private static async Task<(StatusReport Report, int? AgentsExitCode)> ReadAsync(
        CliContext context, CancellationToken ct)
    {
        var (code, body) = await context.Api.GetTextAsync("health", ct);
        var (status, services) = ParseHealth(code, body);
        try
        {
            var agents = Json.Items(await context.Api.GetAsync("api/agents", ct)).ToList();
            var pending = 0;
            foreach (var source in QuestionSources.All)
                pending += (await source.LoadAsync(context, ct)).Owners.Sum(o => o.Questions.Count);
            return (new(status, context.Api.ApiUrl.ToString(), services, Count(agents), pending, null,
                await ProvidersAsync(context, ct)), null);
        }
        catch (CliException e)
        {
            return (new(status, context.Api.ApiUrl.ToString(), services, null, null, e.Message), e.ExitCode);
        }
    }

    /// <summary>The agent CLIs, or null when the agents service cannot say (the rest of the report still stands).</summary>
    private static async Task<IReadOnlyList<ProviderStatus>?> ProvidersAsync(CliContext context, CancellationToken ct)
    {
        try
        {
            return [.. Json.Items(await context.Api.GetAsync("api/providers", ct))
                .Select(p => new ProviderStatus(Json.String(p, "name") ?? "?",
                    Json.Find(p, "installed") is { ValueKind: JsonValueKind.True }, Json.String(p, "path"),
                    Json.Int(p, "accounts"), Json.String(p, "installHint")))];
        }
        catch (CliException)
        {
            return null;
        }
    }

    /// <summary>
    /// The body's first line is Healthy, Degraded or Unhealthy; each check that is not healthy adds
    /// "name: Status - description". Services without a line are healthy; checks that are not services are listed
    /// too. Anything else (another server's page) is an unhealthy gateway.
    /// </summary>
    internal static (string Status, IReadOnlyList<ServiceHealth> Services) ParseHealth(int code, string body)
    {
        var lines = body.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries |
            StringSplitOptions.TrimEntries);
        var status = lines.FirstOrDefault() is "Healthy" or "Degraded" or "Unhealthy" ? lines[0] : null;
        if (status is null)
            return ("Unhealthy", [new("gateway", "Unhealthy", $"GET /health answered {code} with no health report")]);
        var problems = lines.Skip(1).Select(ParseProblem).OfType<ServiceHealth>().ToList();
        return (code >= 500 && status == "Healthy" ? "Unhealthy" : status,
        [
            .. Services.Select(name => problems.FirstOrDefault(p => p.Name == name) ?? new(name, "Healthy", null)),
            .. problems.Where(p => !Services.Contains(p.Name)),
        ]);
    }

    private static ServiceHealth? ParseProblem(string line)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0) return null;
        var rest = line[(colon + 2)..];
        var dash = rest.IndexOf(" - ", StringComparison.Ordinal);
        return dash < 0
            ? new(line[..colon], rest.Trim(), null)
            : new(line[..colon], rest[..dash].Trim(), rest[(dash + 3)..].Trim());
    }

    private static AgentCounts Count(List<JsonElement> agents)
    {
        int With(string status) => agents.Count(a => Json.String(a, "status") == status);
        return new(With("running"), With("waiting_for_input"),
            agents.Count(a => Json.String(a, "waitingForAccountUntil") is not null), With("idle"), agents.Count);
    }

    private static void Show(CliContext context, StatusReport report)
    {
        var console = context.Output.Console;
        console.WriteLine($"Codewalkers at {report.Api} is {report.Status}.");
        context.Output.Table(JsonSerializer.SerializeToElement(report.Services, GatewayClient.Json), "",
            new("SERVICE", "name"), new("STATUS", "status"), new("DETAIL", "detail"));
        if (report.Agents is not { } agents)
        {
            console.WriteLine($"Agents: unknown ({report.AgentsError})");
            return;
        }
        console.WriteLine($"Agents: {agents.Running} running, {agents.Waiting} waiting for input, {agents.Idle} idle"
            + (agents.WaitingForAccount > 0 ? $", {agents.WaitingForAccount} of them waiting for an account" : "")
            + $" ({agents.Total} in all).");
        console.WriteLine(report.QuestionsPending > 0
            ? $"Questions pending: {report.QuestionsPending}. Answer them: cw inbox"
            : "Questions pending: none.");
        ShowProviders(console, report.Providers ?? []);
    }

    /// <summary>Which agent CLIs can run, and what to install or add when none can.</summary>
    private static void ShowProviders(IAnsiConsole console, IReadOnlyList<ProviderStatus> providers)
    {
        foreach (var provider in providers)
        {
            console.WriteLine(provider switch
            {
                { Installed: false } => $"Agent CLI {provider.Name}: not installed. Install it: {provider.InstallHint}",
                { Accounts: 0 } => $"Agent CLI {provider.Name}: {provider.Path}, no accounts (agents use its own " +
                    "login on the machine; add accounts to rotate: cw account add)",
                _ => $"Agent CLI {provider.Name}: {provider.Path}, {provider.Accounts} account(s)",
            });
        }
        if (providers.Count > 0 && !providers.Any(p => p.Installed))
            console.WriteLine("No agent CLI is installed where the agents service looks: agents cannot start. " +
                "Install one (above), then restart ./run.sh.");
    }
}
