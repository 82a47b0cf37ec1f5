using System.Text;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Providers.Parsers;
using Codewalkers.Agents.Supervision;
using Codewalkers.Contracts.Agents;

namespace Codewalkers.Agents.Tests.Providers;

/// <summary>
/// Lines the real Gemini CLI 0.61.0 printed against the fake Gemini API (FakeGeminiApi), through the shipped gemini
/// preset's parser and patterns, and the outcome class each failure gets.
/// </summary>
public class GeminiOutputTests
{
    private const string Init = """{"type":"init","timestamp":"2026-12-07T10:04:18.079Z","session_id":"3525"""
        + """9731-6cf7-494b-a0fb-6f1f930cf065","model":"gemini-2.5-flash"}""";
    private const string UserMessage =
        """{"type":"message","timestamp":"2026-12-07T10:04:18.081Z","role":"user","content":"Hi"}""";

    private static readonly ProviderDefinition Gemini =
        ProviderCatalog.Load(new ConfigurationBuilder().Build()).Get("gemini");

    private static RunObservation Observe(params string[] lines)
    {
        var parser = OutputParsers.For(Gemini.Parser);
        var seen = new RunObservation(Gemini);
        foreach (var line in lines)
            foreach (var e in parser.Parse(Encoding.UTF8.GetBytes(line))) seen.Apply(e);
        return seen;
    }

    private static string FailedResult(string message) =>
        """{"type":"result","timestamp":"2026-12-07T10:07:07.690Z","status":"error","error":{"type":"unknown","""
        + $"\"message\":{System.Text.Json.JsonSerializer.Serialize(message)}}},"
        + """ "stats":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0,"input":0,"duration_ms":0,"""
        + """ "tool_calls":0}}""";

    [Fact]
    public void A_run_with_a_shell_command_gives_its_session_its_usage_and_a_successful_result()
    {
        var seen = Observe(Init, UserMessage,
            """{"type":"tool_use","timestamp":"2026-12-07T10:04:18.641Z","tool_name":"run_shell_command","""
            + """ "tool_id":"run_shell_command_1","parameters":{"command":"echo hi > a.txt && cat a.txt"}}""",
            """{"type":"tool_result","timestamp":"2026-12-07T10:04:19.764Z","tool_id":"run_shell_command_1","""
            + """ "status":"success","output":"hi"}""",
            """{"type":"message","timestamp":"2026-12-07T10:04:20.064Z","role":"assistant","content":"Done.","""
            + """ "delta":true}""",
            """{"type":"result","timestamp":"2026-12-07T10:04:20.221Z","status":"success","stats":{"total_tokens":"""
            + """214,"input_tokens":200,"output_tokens":14,"cached":0,"input":200,"duration_ms":2142,"tool_calls":1,"""
            + """ "models":{"gemini-fake":{"total_tokens":214,"input_tokens":200,"output_tokens":14,"cached":0}}}}""");

        Assert.Equal("35259731-6cf7-494b-a0fb-6f1f930cf065", seen.SessionId);
        Assert.Equal((200L, 14L, 2142L), (seen.InputTokens!.Value, seen.OutputTokens!.Value, seen.DurationMs!.Value));
        Assert.True(seen.SawResult);
        Assert.False(seen.ResultIsError);
        Assert.Equal(AgentReasons.MissingSignal, OutcomeClassifier.Classify(seen, 0, timedOut: false));
    }

    [Fact]
    public void A_spent_daily_quota_is_a_usage_limit()
    {
        var seen = Observe(Init, UserMessage,
            "Error when talking to Gemini API Full report available at: /tmp/gemini-client-error.json "
            + "TerminalQuotaError: You have exhausted your daily quota on this model.",
            FailedResult("[API Error: You have exhausted your daily quota on this model.]\nPlease wait and try again "
                + "later. To increase your limits, request a quota increase through AI Studio, or switch to another "
                + "/auth method"));

        Assert.True(seen.UsageLimited);
        Assert.Equal(AgentReasons.UsageLimit, OutcomeClassifier.Classify(seen, 173, timedOut: false));
    }

    [Fact]
    public void A_429_that_outlasted_the_clis_retries_is_a_usage_limit()
    {
        var seen = Observe(Init, FailedResult(
            """[API Error: {"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}]"""));

        Assert.Equal((429, true), (seen.ApiErrorStatus, seen.UsageLimited));
        Assert.Equal(AgentReasons.UsageLimit, OutcomeClassifier.Classify(seen, 1, timedOut: false));
    }

    [Theory]
    [InlineData("""[API Error: {"error":{"code":401,"message":"Request had invalid authentication credentials.","""
        + """ "status":"UNAUTHENTICATED"}}]""")]
    [InlineData("""[API Error: {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","""
        + """ "status":"INVALID_ARGUMENT","details":[{"reason":"API_KEY_INVALID"}]}}]""")]
    public void A_rejected_key_is_an_auth_failure_not_retried(string message)
    {
        var seen = Observe(Init, UserMessage, FailedResult(message));

        Assert.True(seen.AuthFailed);
        Assert.False(seen.UsageLimited);
        var outcome = OutcomeClassifier.Classify(seen, 145, timedOut: false);
        Assert.Equal(AgentReasons.AuthFailure, outcome);
        Assert.False(OutcomeClassifier.IsRetryable(outcome, seen, 0, 3));
    }

    [Fact]
    public void A_server_error_is_a_crash_worth_a_retry()
    {
        var seen = Observe(Init, UserMessage, FailedResult(
            """[API Error: {"error":{"code":500,"message":"An internal error has occurred.","status":"INTERNAL"}}]"""));

        Assert.Equal(500, seen.ApiErrorStatus);
        var outcome = OutcomeClassifier.Classify(seen, 244, timedOut: false);
        Assert.Equal(AgentReasons.ProcessCrash, outcome);
        Assert.True(OutcomeClassifier.IsRetryable(outcome, seen, 0, 3));
    }

    [Theory]
    // The session id is not among the saved ones.
    [InlineData("Error resuming session: Invalid session identifier \"11111111-2222-3333-4444-555555555555\".")]
    // Nothing saved at all: the first session failed on its first request, before the CLI saved it.
    [InlineData("Error resuming session: No previous sessions found for this project.")]
    public void Resuming_a_session_the_cli_does_not_have_says_so_before_any_json(string line)
    {
        var seen = Observe(line, "  Searched for sessions in /home/u/.gemini/tmp/work/chats.");

        Assert.True(seen.SessionNotFound);
        Assert.False(seen.SawResult);
    }

    [Fact]
    public void Resume_arguments_name_the_session_after_the_prompt()
    {
        var args = Gemini.BuildArguments(resume: true, "answers: \"blue\"", "/p.md", "sess-1", "/w");

        Assert.Equal(["-p", "answers: \"blue\""], args.Take(2));
        Assert.Equal(["--resume", "sess-1"], args.TakeLast(2));
        Assert.Contains("--skip-trust", args);
    }
}
