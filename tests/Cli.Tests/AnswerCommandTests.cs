using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class AnswerCommandTests
{
    private static readonly Dictionary<string, string> Agent = new() { ["CW_AGENT_ID"] = "agent-9" };

    private static readonly string Answered = AskCommandTests.Conversation("answered", "orders, in db/schema.sql");

    [Fact]
    public async Task An_agent_answers_and_gets_the_answered_conversation()
    {
        var api = new ScriptedApi().On("POST /api/conversations/c1/answer", 200, Answered);

        var run = await Cw.RunAsync(api, "answer c1 \"orders, in db/schema.sql\"", Agent);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("""{"answer":"orders, in db/schema.sql"}""", api.Requests.Single().Body);
        Assert.Equal("answered", JsonDocument.Parse(run.Out).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_person_is_told_it_is_answered()
    {
        var api = new ScriptedApi().On("POST /api/conversations/c1/answer", 200, Answered);

        var run = await Cw.RunAsync(api, "answer c1 Yes");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("Answered c1.\n", run.Out);
    }

    [Fact]
    public async Task The_answer_can_come_from_stdin()
    {
        var api = new ScriptedApi().On("POST /api/conversations/c1/answer", 200, Answered);

        var run = await Cw.RunAsync(api, "answer c1 -", Agent, input: "First\nsecond\n");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("""{"answer":"First\nsecond\n"}""", api.Requests.Single().Body);
    }

    [Fact]
    public async Task Answering_twice_is_a_conflict()
    {
        var api = new ScriptedApi().On("POST /api/conversations/c1/answer", 409,
            """{"title":"Already answered","detail":"Conversation 'c1' is answered.","status":409}""");

        var run = await Cw.RunAsync(api, "answer c1 Yes", Agent);

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Equal("cw: Already answered: Conversation 'c1' is answered.\n", run.Error);
    }

    [Theory]
    [InlineData("answer c1")]
    [InlineData("answer c1 \" \"")]
    public async Task A_missing_or_empty_answer_is_a_usage_error(string commandLine)
    {
        var api = new ScriptedApi();

        var run = await Cw.RunAsync(api, commandLine, Agent);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(api.Requests);
    }
}
