using System.Text;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Providers.Parsers;

namespace Codewalkers.Agents.Tests.Providers;

/// <summary>
/// Usage per model, from lines the real CLIs printed against fake APIs: claude 2.1.328 running an Agent-tool subagent
/// on haiku (shortened: fields the parser does not read are left out); and a gemini 0.61.0 result line with
/// context-cache reads, in the shape its stream-json writer (convertToStreamStats) gives its stats.
/// </summary>
public class ModelUsageParsingTests
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

    /// <summary>
    /// A session whose background subagent ended after the main loop's first result: two result lines. Each one's
    /// <c>usage</c> is its own turn's main-loop requests (200 then 100 input), without the subagent's 35; each one's
    /// <c>modelUsage</c> is the running total of every model (300 and 35 both times).
    /// </summary>
    private const string FirstResult = """{"type":"result","subtype":"success","is_error":false,"session_id":"5e5f5de2","result":"done 2","result_index":0,"usage":{"input_tokens":200,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":10},"modelUsage":{"claude-opus-5-5":{"inputTokens":300,"outputTokens":15,"cacheReadInputTokens":0,"cacheCreationInputTokens":0,"costUSD":0.0015},"claude-haiku-5-5":{"inputTokens":35,"outputTokens":10,"cacheReadInputTokens":0,"cacheCreationInputTokens":0,"costUSD":0.0000085}}}""";

    private const string SecondResult = """{"type":"result","subtype":"success","is_error":false,"session_id":"5e5f5de2","result":"done 8","result_index":1,"origin":{"kind":"task-notification"},"usage":{"input_tokens":100,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":5},"modelUsage":{"claude-opus-5-5":{"inputTokens":300,"outputTokens":15,"cacheReadInputTokens":0,"cacheCreationInputTokens":0,"costUSD":0.0015},"claude-haiku-5-5":{"inputTokens":35,"outputTokens":10,"cacheReadInputTokens":0,"cacheCreationInputTokens":0,"costUSD":0.0000085}}}""";

    [Fact]
    public void Claudes_model_usage_is_taken_as_the_threads_running_total_per_model_not_added_up_per_result()
    {
        var seen = Observe("claude",
            """{"type":"system","subtype":"init","session_id":"5e5f5de2","model":"claude-opus-5-5","tools":[]}""",
            FirstResult, SecondResult);

        Assert.True(seen.ModelsAreThreadTotal);
        Assert.Equal(
            [new ModelTokens("claude-opus-5-5", 300, 15, 0, 0), new ModelTokens("claude-haiku-5-5", 35, 10, 0, 0)],
            seen.Models!);
        // The main-loop usage alone misses the subagent's tokens: what the per-model figures are there for.
        Assert.Equal(300L, seen.InputTokens);
    }

    [Fact]
    public void A_resumed_claude_session_reports_the_earlier_sessions_tokens_again_in_model_usage()
    {
        // The same thread resumed for one more request of 100 input and 5 output: opus grows to 400, haiku stays.
        var seen = Observe("claude", """{"type":"result","subtype":"success","is_error":false,"session_id":"5e5f5de2","result":"done 9","usage":{"input_tokens":100,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":5},"modelUsage":{"claude-opus-5-5":{"inputTokens":400,"outputTokens":20,"cacheReadInputTokens":0,"cacheCreationInputTokens":0},"claude-haiku-5-5":{"inputTokens":35,"outputTokens":10,"cacheReadInputTokens":0,"cacheCreationInputTokens":0}}}""");

        Assert.Equal(
            [new ModelTokens("claude-opus-5-5", 400, 20, 0, 0), new ModelTokens("claude-haiku-5-5", 35, 10, 0, 0)],
            seen.Models!);
    }

    [Fact]
    public void Gemini_counts_context_cache_reads_apart_from_input_per_model_too()
    {
        var seen = Observe("gemini",
            """{"type":"init","timestamp":"2026-12-07T13:30:00.000Z","session_id":"8c1f","model":"gemini-2.5-flash"}""",
            """{"type":"result","timestamp":"2026-12-07T13:30:02.000Z","status":"success","stats":{"total_tokens":7750,"input_tokens":7680,"output_tokens":70,"cached":6400,"input":1280,"duration_ms":2100,"tool_calls":1,"models":{"gemini-2.5-flash":{"total_tokens":7750,"input_tokens":7680,"output_tokens":70,"cached":6400,"input":1280}}}}""");

        Assert.Equal((1280L, 70L, 6400L, (long?)null),
            (seen.InputTokens, seen.OutputTokens, seen.CacheReadTokens, seen.CacheWriteTokens));
        Assert.False(seen.ModelsAreThreadTotal);
        Assert.Equal([new ModelTokens("gemini-2.5-flash", 1280, 70, 6400, null)], seen.Models!);
        Assert.Equal("gemini-2.5-flash", seen.Model);
    }
}
