using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

/// <summary>`cw listen` against a stand-in for the question stream (GET /api/conversations/stream, SSE).</summary>
public class ListenCommandTests
{
    private const string Stream = "GET /api/conversations/stream?toAgentId=agent-9";

    private static readonly Dictionary<string, string> Agent = new() { ["CW_AGENT_ID"] = "agent-9" };

    private static readonly string Question = AskCommandTests.Conversation("pending");

    private static string Listening(int pending) => $"event: listening\ndata: {{\"pending\":{pending}}}\n\n";

    private static string Asked(string conversation) => $"id: c1\nevent: conversation\ndata: {conversation}\n\n";

    [Fact]
    public async Task An_agent_listens_for_its_own_questions_until_one_comes()
    {
        var looks = 0;
        // The first stream has nothing and is closed (a restart); the one opened again brings the question.
        var api = new ScriptedApi().On(Stream, _ => ++looks == 1 ? (200, Listening(0)) : (200, Asked(Question)));

        var run = await Cw.RunAsync(api, "listen", Agent);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(2, api.Requests.Count);
        var printed = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("c1", printed.GetProperty("id").GetString());
        Assert.Equal("Which table holds orders?", printed.GetProperty("question").GetString());
    }

    [Fact]
    public async Task A_person_names_the_agent_and_is_told_how_to_answer()
    {
        var api = new ScriptedApi().On(Stream, 200, Asked(Question) + Listening(1));

        var run = await Cw.RunAsync(api, "listen --agent agent-9");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("From agent-7: Which table holds orders?", run.Out);
        Assert.Contains("Answer it: cw answer c1 <text>", run.Out);
    }

    [Fact]
    public async Task A_person_without_agent_gets_a_usage_error()
    {
        var api = new ScriptedApi();

        var run = await Cw.RunAsync(api, "listen");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--agent", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task No_question_in_time_exits_1()
    {
        var api = new ScriptedApi().On(Stream, _ =>
        {
            Thread.Sleep(1100); // the stream stays quiet for longer than the timeout
            return (200, Listening(0));
        });

        var run = await Cw.RunAsync(api, "listen --timeout 1", Agent);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("cw: No question within 1 s.\n", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Between_steps_a_timeout_of_0_looks_once()
    {
        var api = new ScriptedApi().On(Stream, 200, Listening(0) + ": keep-alive\n\n");

        var run = await Cw.RunAsync(api, "listen --timeout 0", Agent);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("cw: No question is waiting.\n", run.Error);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task A_gateway_that_stays_away_ends_listen_as_unreachable()
    {
        var api = new ScriptedApi().On(Stream, _ => throw new HttpRequestException("connection refused",
            null, null));

        var run = await Cw.RunAsync(api, "listen --timeout 60", Agent);

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Equal(4, api.Requests.Count); // the first try and the wait policy's three retries
    }

    [Fact]
    public async Task Listening_for_another_agent_with_an_agent_token_is_denied()
    {
        var api = new ScriptedApi().On("GET /api/conversations/stream?toAgentId=agent-1", 403,
            """{"title":"Not allowed with an agent token","detail":"Only for itself.","status":403}""");

        var run = await Cw.RunAsync(api, "listen --agent agent-1", Agent);

        Assert.Equal(ExitCodes.Denied, run.ExitCode);
        Assert.Single(api.Requests);
    }
}
