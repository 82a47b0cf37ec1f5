using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

/// <summary>`cw events` and `cw webhook`: what they ask the API and what they print.</summary>
public class EventsAndWebhookCommandTests
{
    private const string Page = """
        {"events":[{"id":7,"kind":"agent.waiting_for_input","initiativeId":"i1","phaseId":null,"taskId":"t1",
          "agentId":"a1","data":{"agentName":"swift-otter","to":"waiting_for_input"},
          "occurredAt":"2026-12-01T10:05:00Z","recordedAt":"2026-12-01T10:05:00Z"},
         {"id":9,"kind":"task.blocked","initiativeId":"i1","phaseId":"p1","taskId":"t1","agentId":null,
          "data":{"name":"Add login","status":"blocked"},"occurredAt":"2026-12-01T10:06:00Z",
          "recordedAt":"2026-12-01T10:06:00Z"}],"lastId":9}
        """;

    [Fact]
    public async Task Events_filters_by_initiative_and_kinds_and_prints_a_line_each()
    {
        var api = new ScriptedApi().On(
            "GET /api/events?initiativeId=i1&kind=agent.waiting_for_input&kind=task.blocked&limit=50", 200, Page);

        var run = await Cw.RunAsync(api, "events --initiative i1 --kind agent.waiting_for_input --kind task.blocked");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("agent.waiting_for_input", lines[0]);
        Assert.Contains("swift-otter", lines[0]);
        Assert.Contains("task=t1", lines[0]);
        Assert.Contains("Add login", lines[1]);
    }

    [Fact]
    public async Task Events_filters_by_errand_and_names_it_on_each_line()
    {
        var api = new ScriptedApi().On("GET /api/events?errandId=e1&limit=50", 200, """
            {"events":[{"id":12,"kind":"errand.pending_review","errandId":"e1","agentId":"a7",
              "data":{"description":"Fix the typo","branch":"cw/errand-fix-the-typo","from":"active",
                      "to":"pending_review"},"occurredAt":"2026-12-07T10:05:00Z"}],"lastId":12}
            """);

        var run = await Cw.RunAsync(api, "events --errand e1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Matches(@"12 .* errand\.pending_review +Fix the typo  errand=e1 agent=a7", run.Out);
    }

    [Fact]
    public async Task Webhook_add_sends_the_kinds_and_shows_the_secret_once()
    {
        var api = new ScriptedApi().On("POST /api/webhooks", 201, """
            {"id":"w1","url":"https://example.test/hook","kinds":["task.blocked"],"description":null,
             "createdAt":"2026-12-01T10:05:00Z","secret":"abc123"}
            """);

        var run = await Cw.RunAsync(api, "webhook add https://example.test/hook --kind task.blocked");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("\"kinds\":[\"task.blocked\"]", api.Requests.Single().Body);
        Assert.Contains("Secret: abc123", run.Out);
        Assert.Contains("shown only now", run.Out);
    }

    [Fact]
    public async Task Webhook_add_without_a_kind_is_a_usage_error()
    {
        var run = await Cw.RunAsync(new ScriptedApi(), "webhook add https://example.test/hook");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task Webhook_deliveries_lists_status_attempts_and_the_last_error()
    {
        var api = new ScriptedApi().On("GET /api/webhooks/w1/deliveries?limit=20", 200, """
            [{"id":"d1","webhookId":"w1","eventId":9,"kind":"task.blocked","status":"pending","attempts":3,
              "createdAt":"2026-12-01T10:05:00Z","nextAttemptAt":"2026-12-01T10:05:08Z","lastAttemptAt":null,
              "lastStatusCode":503,"lastError":"the receiver answered 503","deliveredAt":null}]
            """);

        var run = await Cw.RunAsync(api, "webhook deliveries w1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("pending", run.Out);
        Assert.Contains("503", run.Out);
    }
}
