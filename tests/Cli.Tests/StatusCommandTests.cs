using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class StatusCommandTests
{
    private const string Agents = """
        [{"id":"a1","name":"brave-otter","status":"running"},
         {"id":"a2","name":"calm-heron","status":"running","waitingForAccountUntil":"2026-12-01T12:00:00Z"},
         {"id":"a3","name":"quiet-lynx","status":"waiting_for_input"},
         {"id":"a4","name":"bold-wren","status":"stopped"}]
        """;

    private const string Waiting = """
        [{"id":"m3","kind":"questions","status":"pending","agentId":"a3","agentName":"quiet-lynx",
          "questions":[{"id":"q1","question":"?"},{"id":"q2","question":"??"}]}]
        """;

    [Fact]
    public async Task A_healthy_system_shows_every_service_the_agents_and_the_questions_and_exits_0()
    {
        var run = await Cw.RunAsync(System("Healthy", 200), "status");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Codewalkers at http://gateway.test:5300/ is Healthy.", run.Out);
        foreach (var service in new[] { "planning", "agents", "collaboration", "errands" })
            Assert.Contains(service, run.Out);
        Assert.Contains(
            "Agents: 2 running, 1 waiting for input, 0 idle, 1 of them waiting for an account (4 in all).", run.Out);
        Assert.Contains("Questions pending: 2. Answer them: cw inbox", run.Out);
    }

    [Fact]
    public async Task A_degraded_service_is_shown_with_its_reason_and_exits_1()
    {
        var api = System(
            "Degraded\nplanning: Degraded - planning is Degraded: broker: Degraded - connection lost", 200);

        var run = await Cw.RunAsync(api, "status --json");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var status = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("Degraded", status.GetProperty("status").GetString());
        var planning = status.GetProperty("services")[0];
        Assert.Equal("planning", planning.GetProperty("name").GetString());
        Assert.Equal("Degraded", planning.GetProperty("status").GetString());
        Assert.Equal("planning is Degraded: broker: Degraded - connection lost",
            planning.GetProperty("detail").GetString());
        Assert.Equal("Healthy", status.GetProperty("services")[1].GetProperty("status").GetString());
        Assert.Equal(2, status.GetProperty("agents").GetProperty("running").GetInt32());
        Assert.Equal(1, status.GetProperty("agents").GetProperty("waiting").GetInt32());
        Assert.Equal(2, status.GetProperty("questionsPending").GetInt32());
    }

    [Fact]
    public async Task An_unreachable_agents_service_leaves_the_agents_unknown_and_exits_1()
    {
        var api = new ScriptedApi()
            .On("GET /health", 503, "Unhealthy\nagents: Unhealthy - agents is unreachable")
            .On("GET /api/agents", 503, """
                {"title":"Service unavailable","detail":"The agents service is not answering.","status":503}
                """);

        var run = await Cw.RunAsync(api, "status");
        var json = JsonDocument.Parse((await Cw.RunAsync(api, "status --json")).Out).RootElement;

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("agents is unreachable", run.Out);
        Assert.Contains("Agents: unknown (Service unavailable: The agents service is not answering.)", run.Out);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("agents").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("questionsPending").ValueKind);
    }

    [Fact]
    public async Task A_page_that_is_no_health_report_is_an_unhealthy_gateway()
    {
        var run = await Cw.RunAsync(System("<html>Bad gateway</html>", 502), "status --json");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var status = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("Unhealthy", status.GetProperty("status").GetString());
        Assert.Equal("gateway", status.GetProperty("services")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_unreachable_gateway_exits_5_and_says_how_to_start_it()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var host = new CliHost(_ => null, output, error, TextReader.Null, false);

        var exitCode = await CwApp.RunAsync(["status", "--api", "http://127.0.0.1:9"], host);

        Assert.Equal(ExitCodes.Unreachable, exitCode);
        Assert.Contains("./run.sh", error.ToString());
    }

    [Fact]
    public async Task Status_says_which_agent_clis_are_missing_and_what_to_install()
    {
        var api = System("Healthy", 200).On("GET /api/providers", 200, """
            [{"name":"claude","executable":"claude","installed":true,"path":"/usr/bin/claude",
              "installHint":"npm install -g @anthropic-ai/claude-code","accounts":0},
             {"name":"codex","executable":"codex","installed":false,"path":null,
              "installHint":"npm install -g @openai/codex, then run codex login","accounts":0}]
            """);

        var run = await Cw.RunAsync(api, "status");
        var json = JsonDocument.Parse((await Cw.RunAsync(api, "status --json")).Out).RootElement;

        Assert.Contains("Agent CLI claude: /usr/bin/claude, no accounts", run.Out);
        Assert.Contains("cw account add", run.Out);
        Assert.Contains("Agent CLI codex: not installed. Install it: npm install -g @openai/codex", run.Out);
        Assert.DoesNotContain("agents cannot start", run.Out);
        Assert.False(json.GetProperty("providers")[1].GetProperty("installed").GetBoolean());
    }

    [Fact]
    public async Task Status_says_agents_cannot_start_when_no_agent_cli_is_installed()
    {
        var api = System("Healthy", 200).On("GET /api/providers", 200, """
            [{"name":"claude","executable":"claude","installed":false,"path":null,
              "installHint":"npm install -g @anthropic-ai/claude-code","accounts":0}]
            """);

        var run = await Cw.RunAsync(api, "status");

        Assert.Contains("No agent CLI is installed where the agents service looks: agents cannot start.", run.Out);
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
    }

    [Fact]
    public async Task A_refused_token_exits_6_even_when_the_system_is_healthy()
    {
        var api = new ScriptedApi().On("GET /health", 200, "Healthy")
            .On("GET /api/agents", 401, """{"title":"Missing or invalid API token","status":401}""");

        var run = await Cw.RunAsync(api, "status");

        Assert.Equal(ExitCodes.Denied, run.ExitCode);
        Assert.Contains("Agents: unknown (Missing or invalid API token", run.Out);
    }

    private static ScriptedApi System(string health, int status) => new ScriptedApi()
        .On("GET /health", status, health)
        .On("GET /api/agents", 200, Agents)
        .On("GET /api/messages?pendingForUser=true&requiresResponse=true&kind=questions&limit=200", 200, Waiting);
}
