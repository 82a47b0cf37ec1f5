using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class ListenCommandTests
{
    private static readonly Dictionary<string, string> Agent = new() { ["CW_AGENT_ID"] = "agent-9" };

    private static readonly string Question = AskCommandTests.Conversation("pending");

    [Fact]
    public async Task An_agent_listens_for_its_own_questions_until_one_comes()
    {
        var looks = 0;
        var api = new ScriptedApi().On("GET /api/conversations/next?toAgentId=agent-9&waitSeconds=30",
            _ => ++looks == 1 ? (204, "") : (200, Question));

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
        var api = new ScriptedApi()
            .On("GET /api/conversations/next?toAgentId=agent-9&waitSeconds=30", 200, Question);

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
        var api = new ScriptedApi().On("GET /api/conversations/next?toAgentId=agent-9&waitSeconds=1", _ =>
        {
            Thread.Sleep(1100); // the server holds the request for the seconds it was given
            return (204, "");
        });

        var run = await Cw.RunAsync(api, "listen --timeout 1", Agent);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("cw: No question within 1 s.\n", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Between_steps_a_timeout_of_0_looks_once()
    {
        var api = new ScriptedApi()
            .On("GET /api/conversations/next?toAgentId=agent-9&waitSeconds=0", 204, "");

        var run = await Cw.RunAsync(api, "listen --timeout 0", Agent);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("cw: No question is waiting.\n", run.Error);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task Listening_for_another_agent_with_an_agent_token_is_denied()
    {
        var api = new ScriptedApi().On("GET /api/conversations/next?toAgentId=agent-1&waitSeconds=30", 403,
            """{"title":"Not allowed with an agent token","detail":"Only for itself.","status":403}""");

        var run = await Cw.RunAsync(api, "listen --agent agent-1", Agent);

        Assert.Equal(ExitCodes.Denied, run.ExitCode);
        Assert.Single(api.Requests);
    }
}
