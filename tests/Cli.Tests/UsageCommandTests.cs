using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

/// <summary>`cw usage`, `cw usage budget set|clear|list` and `cw usage prices [set]`.</summary>
public class UsageCommandTests
{
    private const string Usage = """
        {"by":"task","initiativeId":"i1","from":null,"to":null,
         "rows":[{"key":"t1","name":"Build the parser","sessions":2,"inputTokens":2400,"outputTokens":680,
                  "cacheReadTokens":10000,"cacheWriteTokens":1600,"costUsd":0.0237,"unknownSessions":0},
                 {"key":"t2","name":"Wire the CLI","sessions":1,"inputTokens":null,"outputTokens":null,
                  "cacheReadTokens":null,"cacheWriteTokens":null,"costUsd":null,"unknownSessions":1}],
         "total":{"key":null,"name":"total","sessions":3,"inputTokens":2400,"outputTokens":680,
                  "cacheReadTokens":10000,"cacheWriteTokens":1600,"costUsd":0.0237,"unknownSessions":1}}
        """;

    [Fact]
    public async Task Usage_asks_for_the_grouping_and_initiative_and_shows_unknown_never_zero()
    {
        var api = new ScriptedApi().On("GET /api/usage?by=task&initiativeId=i1", 200, Usage);

        var run = await Cw.RunAsync(api, "usage --by task --initiative i1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Out.Split('\n');
        var unknown = Assert.Single(lines, l => l.Contains("Wire the CLI"));
        // Four token counts and the cost: each unknown, none shown as 0.
        Assert.Equal(5, unknown.Split("unknown").Length - 1);
        Assert.Contains(lines, l => l.Contains("Build the parser") && l.Contains("2400") && l.Contains("0.0237"));
        Assert.Contains(lines, l => l.Contains("total") && l.Contains("10000"));
    }

    [Fact]
    public async Task Usage_json_is_the_apis_answer_and_a_bad_grouping_is_a_usage_error()
    {
        var api = new ScriptedApi().On("GET /api/usage?by=initiative", 200, Usage);
        var run = await Cw.RunAsync(api, "usage --json");
        Assert.Equal(3, JsonDocument.Parse(run.Out).RootElement.GetProperty("total").GetProperty("sessions").GetInt32());

        var bad = await Cw.RunAsync(new ScriptedApi(), "usage --by week");
        Assert.Equal(ExitCodes.Usage, bad.ExitCode);
    }

    [Fact]
    public async Task Budget_set_puts_the_limit_for_the_initiative_and_needs_exactly_one_scope()
    {
        var api = new ScriptedApi().On("PUT /api/usage/budgets/initiatives/i1", 200, """
            {"scope":"initiative","id":"i1","name":"Checkout","limitUsd":5,"spentUsd":1.25,"unknownSessions":0,
             "reached":false,"setAt":"2026-12-07T10:00:00Z"}
            """);

        var run = await Cw.RunAsync(api, "usage budget set --initiative i1 --limit 5");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(5m, JsonDocument.Parse(api.Requests.Single().Body!).RootElement.GetProperty("limitUsd").GetDecimal());
        Assert.Contains("Budget of initiative Checkout: $5.00 (spent $1.25).", run.Out);

        var both = await Cw.RunAsync(new ScriptedApi(), "usage budget set --initiative i1 --project p1 --limit 5");
        Assert.Equal(ExitCodes.Usage, both.ExitCode);
        var refused = await Cw.RunAsync(new ScriptedApi().On("PUT /api/usage/budgets/projects/p1", 400, """
            {"title":"The request is invalid","status":400,"detail":"limitUsd: limitUsd cannot be negative.",
             "errors":{"limitUsd":["limitUsd cannot be negative."]}}
            """), "usage budget set --project p1 --limit -1");
        Assert.NotEqual(ExitCodes.Success, refused.ExitCode);
        Assert.Contains("limitUsd", refused.Error);
    }

    [Fact]
    public async Task Budget_clear_deletes_and_list_shows_spend()
    {
        var api = new ScriptedApi()
            .On("DELETE /api/usage/budgets/projects/p1", 204, "")
            .On("GET /api/usage/budgets", 200, """
                [{"scope":"initiative","id":"i1","name":"Checkout","limitUsd":1,"spentUsd":1.2345,
                  "unknownSessions":2,"reached":true,"setAt":"2026-12-07T10:00:00Z"}]
                """);

        Assert.Equal(ExitCodes.Success, (await Cw.RunAsync(api, "usage budget clear --project p1")).ExitCode);
        var list = await Cw.RunAsync(api, "usage budget list");

        Assert.Contains(list.Out.Split('\n'), l => l.Contains("Checkout") && l.Contains("1.2345") && l.Contains("yes"));
    }

    [Fact]
    public async Task Prices_lists_the_table_and_set_sends_the_prices_of_the_model()
    {
        var api = new ScriptedApi()
            .On("GET /api/usage/prices", 200, """
                [{"model":"claude-sonnet-4-5","input":3,"output":15,"cacheRead":0.3,"cacheWrite":3.75,
                  "setOn":"2026-12-07","source":"shipped"}]
                """)
            .On("PUT /api/usage/prices/my-model", 200, """
                {"model":"my-model","input":2,"output":8,"cacheRead":0.2,"cacheWrite":2,"setOn":"2026-12-07",
                 "source":"set"}
                """);

        var list = await Cw.RunAsync(api, "usage prices");
        Assert.Contains(list.Out.Split('\n'), l => l.Contains("claude-sonnet-4-5") && l.Contains("2026-12-07"));

        var set = await Cw.RunAsync(api, "usage prices set my-model --input 2 --output 8 --cache-read 0.2");
        Assert.Equal(ExitCodes.Success, set.ExitCode);
        var body = JsonDocument.Parse(api.Requests.Last().Body!).RootElement;
        Assert.Equal((2m, 8m, 0.2m, JsonValueKind.Null),
            (body.GetProperty("input").GetDecimal(), body.GetProperty("output").GetDecimal(),
                body.GetProperty("cacheRead").GetDecimal(), body.GetProperty("cacheWrite").ValueKind));
    }
}
