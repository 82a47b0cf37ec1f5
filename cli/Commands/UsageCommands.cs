using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Commands;

/// <summary>
/// `cw usage`: what agent sessions used and cost (/api/usage), rolled up; the budgets that hold back an initiative's or
/// a project's new agents once spent; the prices per model. A figure no session reported shows as "unknown", never 0.
/// </summary>
public sealed class UsageCommands : ICommandGroup
{
    private static readonly string[] Groupings = ["task", "phase", "initiative", "account", "day", "model"];

    private static readonly Column[] UsageColumns =
    [
        new("KEY", "key"), new("NAME", "name"), new("SESSIONS", "sessions"), new("INPUT", e => Count(e, "inputTokens")),
        new("OUTPUT", e => Count(e, "outputTokens")), new("CACHE READ", e => Count(e, "cacheReadTokens")),
        new("CACHE WRITE", e => Count(e, "cacheWriteTokens")), new("COST USD", e => Usd(e, "costUsd")),
        new("UNKNOWN", "unknownSessions"),
    ];

    private static readonly Column[] BudgetColumns =
    [
        new("SCOPE", "scope"), new("ID", "id"), new("NAME", "name"), new("LIMIT USD", e => Usd(e, "limitUsd")),
        new("SPENT USD", e => Usd(e, "spentUsd")), new("REACHED", "reached"), new("UNKNOWN", "unknownSessions"),
    ];

    private static readonly Column[] PriceColumns =
    [
        new("MODEL", "model"), new("INPUT", "input"), new("OUTPUT", "output"), new("CACHE READ", "cacheRead"),
        new("CACHE WRITE", "cacheWrite"), new("SET ON", "setOn"), new("SOURCE", "source"),
    ];

    public Command Build()
    {
        var by = new Option<string>("--by")
        {
            Description = "Group by task, phase, initiative, account, day or model.",
            DefaultValueFactory = _ => "initiative",
        };
        by.AcceptOnlyFromAmong(Groupings);
        var initiative = new Option<string?>("--initiative") { Description = "Only this initiative's sessions." };
        var from = new Option<string?>("--from") { Description = "Sessions ended at or after (2026-12-01 or ISO time)." };
        var to = new Option<string?>("--to") { Description = "Sessions ended before (2026-12-08 or ISO time)." };
        return new Command("usage", "Tokens and cost of agent sessions, rolled up (prices: USD per million tokens, "
            + "from the price table; 'unknown' where a session's output reported no usage or its model has no price).")
        {
            by, initiative, from, to, Budget(), Prices(),
        }.Does(async (context, parse, ct) =>
        {
            var usage = await context.Api.GetAsync(QueryString.Path("api/usage", ("by", parse.GetValue(by)),
                ("initiativeId", parse.GetValue(initiative)), ("from", parse.GetValue(from)),
                ("to", parse.GetValue(to))), ct);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(usage);
                return;
            }
            // The rows, then their total (named "total").
            var rows = Json.Items(usage, "rows").ToList();
            if (rows.Count > 0 && Json.Find(usage, "total") is { } total) rows.Add(total);
            context.Output.Table(JsonSerializer.SerializeToElement(rows), "No agent sessions recorded yet.",
                UsageColumns);
        });
    }

    private static Command Budget()
    {
        var initiative = new Option<string?>("--initiative") { Description = "The initiative's id." };
        var project = new Option<string?>("--project") { Description = "The project's id." };
        var limit = new Option<decimal>("--limit") { Description = "The budget in USD.", Required = true };
        var set = new Command("set", "Set a cost budget: once it is spent, the initiative's (project's) new agents "
            + "wait with the reason, running ones finish their turn; raising it lets them launch.")
        {
            initiative, project, limit,
        }.Does(async (context, parse, ct) =>
        {
            var path = BudgetPath(parse.GetValue(initiative), parse.GetValue(project));
            var budget = await context.Api.PutAsync(path, new { limitUsd = parse.GetValue(limit) }, ct);
            context.Output.Done(budget, $"Budget of {Json.Text(budget, "scope")} {Json.Text(budget, "name")}: "
                + $"${Usd(budget, "limitUsd")} (spent ${Usd(budget, "spentUsd")}).");
        });
        var clearInitiative = new Option<string?>("--initiative") { Description = "The initiative's id." };
        var clearProject = new Option<string?>("--project") { Description = "The project's id." };
        var clear = new Command("clear", "Remove a budget: the agents it held back launch.")
        {
            clearInitiative, clearProject,
        }.Does(async (context, parse, ct) =>
        {
            var path = BudgetPath(parse.GetValue(clearInitiative), parse.GetValue(clearProject));
            var answer = await context.Api.DeleteAsync(path, ct);
            context.Output.Done(answer, "Budget removed.");
        });
        var list = new Command("list", "List budgets with what each has spent so far.").Does(async (context, _, ct) =>
            context.Output.Table(await context.Api.GetAsync("api/usage/budgets", ct),
                "No budgets. Set one: cw usage budget set --initiative <id> --limit <usd>", BudgetColumns));
        return new Command("budget", "Cost budgets of initiatives and projects.") { set, clear, list };
    }

    private static string BudgetPath(string? initiative, string? project) => (initiative, project) switch
    {
        ({ Length: > 0 } id, null) => $"api/usage/budgets/initiatives/{Uri.EscapeDataString(id)}",
        (null, { Length: > 0 } id) => $"api/usage/budgets/projects/{Uri.EscapeDataString(id)}",
        _ => throw CliException.Usage("Give exactly one of --initiative <id> or --project <id>."),
    };

    private static Command Prices()
    {
        var model = new Argument<string>("model") { Description = "The model's name, as its CLI reports it." };
        var input = new Option<decimal>("--input") { Description = "USD per million input tokens.", Required = true };
        var output = new Option<decimal>("--output") { Description = "USD per million output tokens.", Required = true };
        var cacheRead = new Option<decimal?>("--cache-read")
        {
            Description = "USD per million tokens read from the prompt cache (default: the input price).",
        };
        var cacheWrite = new Option<decimal?>("--cache-write")
        {
            Description = "USD per million tokens written to the prompt cache (default: the input price).",
        };
        var set = new Command("set", "Set a model's prices (a model not listed yet is added), dated today.")
        {
            model, input, output, cacheRead, cacheWrite,
        }.Does(async (context, parse, ct) =>
        {
            var name = parse.GetRequiredValue(model);
            var price = await context.Api.PutAsync($"api/usage/prices/{Uri.EscapeDataString(name)}", new
            {
                input = parse.GetValue(input), output = parse.GetValue(output),
                cacheRead = parse.GetValue(cacheRead), cacheWrite = parse.GetValue(cacheWrite),
            }, ct);
            context.Output.Done(price, $"Prices of {name} set (USD per million tokens): input "
                + $"{Json.Text(price, "input")}, output {Json.Text(price, "output")}, cache read "
                + $"{Json.Text(price, "cacheRead")}, cache write {Json.Text(price, "cacheWrite")}.");
        });
        return new Command("prices", "The price table: USD per million tokens per model, with the day each was set.")
        {
            set,
        }.Does(async (context, _, ct) => context.Output.Table(await context.Api.GetAsync("api/usage/prices", ct),
            "No prices.", PriceColumns));
    }

    /// <summary>A token count; null means no session reported it: "unknown", never 0.</summary>
    private static string Count(JsonElement row, string path) =>
        Json.Find(row, path) is { ValueKind: JsonValueKind.Number } count ? count.GetRawText() : "unknown";

    private static string Usd(JsonElement row, string path) =>
        Json.Find(row, path) is { ValueKind: JsonValueKind.Number } usd
            ? usd.GetDecimal().ToString("0.00##", CultureInfo.InvariantCulture)
            : "unknown";
}
