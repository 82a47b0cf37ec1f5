using System.Text;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Providers.Parsers;

namespace Codewalkers.Agents.Tests.Providers;

/// <summary>
/// Recorded lines of each CLI (formats in AGENT-CLIS.md / ENVIRONMENT.md) through the parser and the run observation.
/// </summary>
public class ParserTests
{
    private static readonly ProviderCatalog Catalog = ProviderCatalog.Load(new ConfigurationBuilder().Build());

    private static RunObservation Observe(string provider, params string[] lines)
    {
        var definition = Catalog.Get(provider);
        var parser = OutputParsers.For(definition.Parser);
        var seen = new RunObservation(definition);
        foreach (var line in lines)
            foreach (var e in parser.Parse(Encoding.UTF8.GetBytes(line))) seen.Apply(e);
        return seen;
    }

    [Fact]
    public void Claude_success_gives_session_cost_usage_and_result()
    {
        var seen = Observe("claude",
            """{"type":"system","subtype":"init","cwd":"/w","session_id":"6c1f-aa","tools":"""
            + """["Write","Bash"],"model":"claude-sonnet-4-5"}""",
            """{"type":"assistant","message":{"id":"m1","role":"assistant","content":["""
            + """{"type":"tool_use","id":"t1","name":"Write","input":"""
            + """{"file_path":"/w/a.txt","content":"x"}}]},"session_id":"6c1f-aa"}""",
            """{"type":"user","message":{"role":"user","content":["""
            + """{"tool_use_id":"t1","type":"tool_result","content":"File created"}]},"session_id":"6c1f-aa"}""",
            "not json at all: a banner",
            """{"type":"result","subtype":"success","is_error":false,"duration_ms":2100,"num_turns":"""
            + """2,"result":"All done","session_id":"6c1f-aa","total_cost_usd":0.0123,"usage":{"input_tokens":"""
            + """120,"output_tokens":45},"terminal_reason":"completed"}""");
        Assert.Equal("6c1f-aa", seen.SessionId);
        Assert.True(seen.SawResult);
        Assert.False(seen.ResultIsError);
        Assert.Equal(
            ("All done", 0.0123m, 120L, 45L),
            (seen.ResultText, seen.CostUsd!.Value, seen.InputTokens!.Value, seen.OutputTokens!.Value));
        Assert.False(seen.UsageLimited);
    }

    [Fact]
    public void Claude_subscription_usage_limit_is_detected_with_its_reset_time()
    {
        var seen = Observe("claude",
            """{"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":"""
            + """1795845600,"rateLimitType":"five_hour"}}""",
            """{"type":"assistant","message":{"model":"<synthetic>","role":"assistant","content":["""
            + """{"type":"text","text":"You've hit your 5-hour limit · resets 6:07am"""
            + """ (UTC)"}]},"error":"rate_limit"}""",
            """{"type":"result","subtype":"success","is_error":true,"api_error_status":"""
            + """429,"terminal_reason":"api_error","result":"You've hit your 5-hour limit · resets 6:07am"""
            + """ (UTC)","session_id":"s"}""");
        Assert.True(seen.UsageLimited);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795845600), seen.UsageLimitResetsAt);
    }

    [Theory]
    [InlineData("You've hit your limit · resets 1pm (Europe/Lisbon)")]
    [InlineData("You've hit your session limit · resets 11pm (Asia/Nicosia)")]
    [InlineData("Claude AI usage limit reached|1795845600")]
    public void Claude_usage_limit_texts_in_the_result_count(string text)
    {
        var seen = Observe("claude",
            $$"""{"type":"result","subtype":"success","is_error":true,"result":"{{text}}","session_id":"s"}""");
        Assert.True(seen.UsageLimited);
    }

    [Fact]
    public void Claude_transient_rate_limit_is_not_an_account_limit()
    {
        var seen = Observe("claude",
            """{"type":"result","subtype":"success","is_error":true,"api_error_status":"""
            + """429,"result":"API Error: Rate limit reached","session_id":"s"}""");
        Assert.False(seen.UsageLimited);
        Assert.True(seen.TransientApiError);
    }

    [Fact]
    public void Claude_authentication_failure_is_classified()
    {
        var seen = Observe("claude",
            """{"type":"assistant","message":{"content":[{"type":"text","text":"Invalid API key · Please run"""
            + """ /login"}]},"error":"authentication_failed"}""");
        Assert.True(seen.AuthFailed);
    }

    [Fact]
    public void Codex_thread_usage_and_usage_limit()
    {
        var seen = Observe("codex",
            """{"type":"thread.started","thread_id":"0199a213-81c0-7800-8aa1-bbab2a035a53"}""",
            """{"type":"turn.started"}""",
            """{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"Working on it"}}""",
            """{"type":"turn.completed","usage":{"input_tokens":24763,"cached_input_tokens":24448,"output_tokens":"""
            + """122}}""");
        Assert.Equal("0199a213-81c0-7800-8aa1-bbab2a035a53", seen.SessionId);
        // Codex counts the cached tokens inside input_tokens; they are counted apart.
        Assert.Equal((315L, 24448L, 122L),
            (seen.InputTokens!.Value, seen.CacheReadTokens!.Value, seen.OutputTokens!.Value));
        Assert.False(seen.ResultIsError);

        var limited = Observe("codex",
            """{"type":"thread.started","thread_id":"t"}""",
            """{"type":"error","message":"You've hit your usage limit. Upgrade to Pro or try again at 12:16 PM."}""",
            """{"type":"turn.failed","error":{"message":"You've hit your usage limit. Upgrade to Pro or try again at"""
            + """ 12:16 PM."}}""");
        Assert.True(limited.UsageLimited);
        Assert.True(limited.ResultIsError);
    }

    [Fact]
    public void Codex_reconnecting_error_is_not_fatal()
    {
        var seen = Observe("codex", """{"type":"error","message":"Reconnecting... 1/5"}""");
        Assert.False(seen.UsageLimited);
        Assert.False(seen.AuthFailed);
        Assert.False(seen.SawResult);
    }

    [Fact]
    public void Gemini_session_result_and_quota()
    {
        var seen = Observe("gemini",
            """{"type":"init","timestamp":"2026-11-28"""
            + """T06:00:00.000Z","session_id":"c2a1e7f4-0b5e-4a53-9d0e-1f1f1f1f1f1f","model":"gemini-2.5-pro"}""",
            """{"type":"message","timestamp":"2026-11-28T06:00:01.000Z","role":"assistant","content":"Hello","delta":"""
            + """true}""",
            """{"type":"tool_use","timestamp":"2026-11-28"""
            + """T06:00:02.000Z","tool_name":"write_file","tool_id":"w1","parameters":{"file_path":"a"}}""",
            """{"type":"result","timestamp":"2026-11-28T06:00:03.000Z","status":"success","stats":{"total_tokens":"""
            + """300,"input_tokens":200,"output_tokens":100,"duration_ms":1500,"tool_calls":1}}""");
        Assert.Equal("c2a1e7f4-0b5e-4a53-9d0e-1f1f1f1f1f1f", seen.SessionId);
        Assert.Equal((200L, 100L, false), (seen.InputTokens!.Value, seen.OutputTokens!.Value, seen.ResultIsError));

        var quota = Observe("gemini",
            """{"type":"error","timestamp":"t","severity":"error","message":"[API Error: Resource has been exhausted"""
            + """ (e.g. check quota). (Status: 429)]"}""",
            """{"type":"result","timestamp":"t","status":"error","error":{"type":"api","message":"[API Error: quota"""
            + """ (Status: 429)]"}}""");
        Assert.True(quota.UsageLimited);
    }

    [Fact]
    public void Text_parser_takes_every_line_as_text_and_never_a_session()
    {
        var parser = OutputParsers.For("text");
        var events = parser.Parse("hello world"u8);
        Assert.Equal("hello world", Assert.Single(events).Text);
        Assert.Empty(parser.Parse(""u8));
    }

    [Fact]
    public void Multibyte_and_broken_lines_do_not_throw()
    {
        var parser = OutputParsers.For("claude-stream-json");
        Assert.Empty(parser.Parse("{\"type\":\"result\",\"resu"u8));
        Assert.Empty(parser.Parse(
            Encoding.UTF8.GetBytes("{\"type\":\"assistant\",\"message\":{\"content\":\"héllo → ✓\"}").AsSpan()));
        var events = parser.Parse(Encoding.UTF8.GetBytes(
            """{"type":"result","subtype":"success","is_error":false,"result":"héllo → ✓"}"""));
        Assert.Equal("héllo → ✓", Assert.Single(events).Text);
    }
}
