using System.Text;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Providers.Parsers;

namespace Codewalkers.Agents.Tests.Providers;

/// <summary>
/// Lines the real OpenCode CLI (opencode-ai 1.18.33, <c>run --format json</c>) printed against a fake OpenAI-compatible
/// chat API, through the opencode preset's parser and patterns. The preset stays marked untested: no test runs the CLI
/// through the service.
/// </summary>
public class OpenCodeOutputTests
{
    private static readonly ProviderDefinition OpenCode =
        ProviderCatalog.Load(new ConfigurationBuilder().Build()).Get("opencode");

    private static RunObservation Observe(params string[] lines)
    {
        var parser = OutputParsers.For(OpenCode.Parser);
        var seen = new RunObservation(OpenCode);
        foreach (var line in lines)
            foreach (var e in parser.Parse(Encoding.UTF8.GetBytes(line))) seen.Apply(e);
        return seen;
    }

    [Fact]
    public void A_run_gives_its_session_its_usage_and_a_successful_end()
    {
        var seen = Observe(
            """{"type":"step_start","timestamp":1796641530432,"sessionID":"ses_dafd22228ffeCNrMiYRVHB9sUo","part":{"id":"prt_2502e217e001cmowUa8NjlMbbv","messageID":"msg_2502e0140001hkZRuOGdavwIc1","sessionID":"ses_dafd22228ffeCNrMiYRVHB9sUo","snapshot":"4b825dc642cb6eb9a060e54bf8d69288fbee4904","type":"step-start"}}""",
            """{"type":"text","timestamp":1796641530432,"sessionID":"ses_dafd22228ffeCNrMiYRVHB9sUo","part":{"id":"prt_2502e21a7001vxIp2cocWkwVdM","messageID":"msg_2502e0140001hkZRuOGdavwIc1","sessionID":"ses_dafd22228ffeCNrMiYRVHB9sUo","type":"text","text":"Hello from fake chat.","time":{"start":1796641530279,"end":1796641530317}}}""",
            """{"type":"step_finish","timestamp":1796641531085,"sessionID":"ses_dafd22228ffeCNrMiYRVHB9sUo","part":{"id":"prt_2502e2475001dUXjOx7RSNbgQa","reason":"stop","snapshot":"4b825dc642cb6eb9a060e54bf8d69288fbee4904","messageID":"msg_2502e0140001hkZRuOGdavwIc1","sessionID":"ses_dafd22228ffeCNrMiYRVHB9sUo","type":"step-finish","tokens":{"total":55,"input":50,"output":5,"reasoning":0,"cache":{"write":0,"read":0}},"cost":0}}""");

        Assert.Equal("ses_dafd22228ffeCNrMiYRVHB9sUo", seen.SessionId);
        Assert.Equal((50L, 5L), (seen.InputTokens!.Value, seen.OutputTokens!.Value));
        Assert.True(seen.SawResult);
        Assert.False(seen.ResultIsError);
    }

    // The error event's shape as recorded (error{name, data.message}), with a rejected key's message.
    [Fact]
    public void An_error_event_is_a_failed_result_with_its_message()
    {
        var seen = Observe(
            """{"type":"error","timestamp":1796641492775,"sessionID":"ses_1","error":{"name":"APIError","data":"""
            + """{"message":"Unauthorized: invalid api key","statusCode":401}}}""");

        Assert.True(seen.ResultIsError);
        Assert.True(seen.AuthFailed);
    }

    [Fact]
    public void Resuming_an_unknown_session_is_a_session_not_found()
    {
        var seen = Observe("\u001b[91m\u001b[1mError: \u001b[0mSession not found");

        Assert.True(seen.SessionNotFound);
        Assert.Equal(["run", "--format", "json", "--auto", "--session", "ses_1", "go"],
            OpenCode.BuildArguments(resume: true, "go", "/p", "ses_1", "/w"));
    }
}
