using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class AskCommandTests
{
    private static readonly Dictionary<string, string> Agent = new() { ["CW_AGENT_ID"] = "agent-7" };

    internal static string Conversation(string status, string? answer = null, string? failureReason = null) =>
        JsonSerializer.Serialize(new
        {
            id = "c1", fromAgentId = "agent-7", toAgentId = "agent-9", initiativeId = "i1", phaseId = "ph1",
            taskId = "t9", question = "Which table holds orders?", answer, status, failureReason,
            createdAt = "2026-12-06T20:00:00Z", updatedAt = "2026-12-06T20:00:00Z", answeredAt = (string?)null,
        });

    [Fact]
    public async Task An_agent_asks_the_agent_of_a_task_and_waits_through_pending_answers_until_it_is_answered()
    {
        var looks = 0;
        var api = new ScriptedApi()
            .On("POST /api/conversations", 201, Conversation("pending"))
            .On("GET /api/conversations/c1?waitSeconds=30", _ => ++looks < 3
                ? (200, Conversation("pending"))
                : (200, Conversation("answered", "orders, in db/schema.sql")));

        var run = await Cw.RunAsync(api, "ask \"Which table holds orders?\" --task t9", Agent);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("""{"question":"Which table holds orders?","taskId":"t9","fromAgentId":"agent-7"}""",
            api.Requests[0].Body);
        Assert.Equal(
            ["POST /api/conversations", .. Enumerable.Repeat("GET /api/conversations/c1?waitSeconds=30", 3)],
            api.Requests.Select(r => r.Request));
        var printed = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("orders, in db/schema.sql", printed.GetProperty("answer").GetString());
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task A_person_names_the_asker_and_sees_the_answer()
    {
        var api = new ScriptedApi()
            .On("POST /api/conversations", 201, Conversation("pending"))
            .On("GET /api/conversations/c1?waitSeconds=30", 200, Conversation("answered", "Use SQLite."));

        var run = await Cw.RunAsync(api, "ask Storage? --agent agent-9 --from agent-7");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("""{"question":"Storage?","toAgentId":"agent-9","fromAgentId":"agent-7"}""", api.Requests[0].Body);
        Assert.Contains("Asked agent agent-9 (conversation c1)", run.Out);
        Assert.Contains("Answer: Use SQLite.", run.Out);
    }

    [Fact]
    public async Task The_question_can_come_from_stdin_and_go_to_an_agent_of_a_phase()
    {
        var api = new ScriptedApi()
            .On("POST /api/conversations", 201, Conversation("pending"))
            .On("GET /api/conversations/c1?waitSeconds=30", 200, Conversation("answered", "Yes."));

        var run = await Cw.RunAsync(api, "ask - --phase ph1", Agent, input: "Line one\nline two\n");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(api.Requests[0].Body!).RootElement;
        Assert.Equal("Line one\nline two\n", body.GetProperty("question").GetString());
        Assert.Equal("ph1", body.GetProperty("phaseId").GetString());
    }

    [Fact]
    public async Task No_answer_in_time_exits_1_naming_the_pending_conversation()
    {
        var api = new ScriptedApi()
            .On("POST /api/conversations", 201, Conversation("pending"))
            .On("GET /api/conversations/c1?waitSeconds=1", _ =>
            {
                Thread.Sleep(1100); // the server holds the request for the seconds it was given
                return (200, Conversation("pending"));
            });

        var run = await Cw.RunAsync(api, "ask Storage? --agent agent-9 --timeout 1", Agent);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("cw: No answer within 1 s; conversation c1 is still pending.\n", run.Error);
        Assert.Equal("", run.Out);
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task A_timeout_of_0_looks_once_without_waiting()
    {
        var api = new ScriptedApi()
            .On("POST /api/conversations", 201, Conversation("pending"))
            .On("GET /api/conversations/c1?waitSeconds=0", 200, Conversation("pending"));

        var run = await Cw.RunAsync(api, "ask Storage? --agent agent-9 --timeout 0", Agent);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("No answer within 0 s", run.Error);
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task A_failed_conversation_exits_1_with_its_reason()
    {
        var api = new ScriptedApi()
            .On("POST /api/conversations", 201, Conversation("pending"))
            .On("GET /api/conversations/c1?waitSeconds=30", 200,
                Conversation("failed", failureReason: "agent worker-9 was deleted"));

        var run = await Cw.RunAsync(api, "ask Storage? --agent agent-9", Agent);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("cw: Conversation c1 failed: agent worker-9 was deleted.\n", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task No_agent_for_the_task_is_the_apis_404()
    {
        var api = new ScriptedApi().On("POST /api/conversations", 404, """
            {"title":"No agent","status":404,
             "detail":"No agent works task 't9' (looked for running, waiting or idle agents of that task)."}
            """);

        var run = await Cw.RunAsync(api, "ask Storage? --task t9", Agent);

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("No agent works task 't9'", run.Error);
    }

    [Theory]
    [InlineData("ask Storage?")]
    [InlineData("ask Storage? --agent a --task t")]
    [InlineData("ask Storage? --task t --phase p")]
    [InlineData("ask Storage? --agent a --timeout -1")]
    public async Task Exactly_one_target_and_a_timeout_of_0_or_more_or_a_usage_error_before_any_request(
        string commandLine)
    {
        var api = new ScriptedApi();

        var run = await Cw.RunAsync(api, commandLine, Agent);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_person_must_say_who_asks()
    {
        var api = new ScriptedApi();

        var run = await Cw.RunAsync(api, "ask Storage? --agent agent-9");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--from", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task An_empty_question_is_a_usage_error()
    {
        var api = new ScriptedApi();

        var run = await Cw.RunAsync(api, "ask \" \" --agent agent-9", Agent);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_gateway_dropping_out_mid_wait_is_asked_again()
    {
        var looks = 0;
        var api = new ScriptedApi()
            .On("POST /api/conversations", 201, Conversation("pending"))
            .On("GET /api/conversations/c1?waitSeconds=30", _ => ++looks == 1
                ? (503, """{"title":"Service unavailable","status":503}""")
                : (200, Conversation("answered", "Yes.")));

        var run = await Cw.RunAsync(api, "ask Storage? --agent agent-9", Agent);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(2, looks);
    }

    [Fact]
    public async Task A_gateway_that_stays_away_ends_the_wait_with_exit_5()
    {
        var api = new ScriptedApi()
            .On("POST /api/conversations", 201, Conversation("pending"))
            .On("GET /api/conversations/c1?waitSeconds=30", _ => throw new HttpRequestException(
                HttpRequestError.ConnectionError, "Connection refused"));

        var run = await Cw.RunAsync(api, "ask Storage? --agent agent-9", Agent);

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Contains("Cannot reach Codewalkers", run.Error);
        Assert.Contains("stopped waiting after 3 retries", run.Error);
        Assert.Equal(5, api.Requests.Count); // the question, then the first look and its three retries
    }

    [Fact]
    public async Task Ctrl_c_while_waiting_exits_130()
    {
        using var ctrlC = new CancellationTokenSource();
        var api = new ScriptedApi()
            .On("POST /api/conversations", 201, Conversation("pending"))
            .On("GET /api/conversations/c1?waitSeconds=30", _ =>
            {
                ctrlC.Cancel();
                return (200, Conversation("pending"));
            });

        var run = await Cw.RunAsync(api, "ask Storage? --agent agent-9", Agent, cancellationToken: ctrlC.Token);

        Assert.Equal(ExitCodes.Cancelled, run.ExitCode);
    }
}
