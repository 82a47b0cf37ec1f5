using System.Text;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Providers.Parsers;

namespace Codewalkers.Agents.Tests.Providers;

/// <summary>
/// Usage as the CLIs print it (lines recorded from claude 2.1.328 and codex 0.169.0 against fake APIs reporting chosen
/// counts): model, cache reads and writes; and what no line reported stays unknown, never zero.
/// </summary>
public class UsageParsingTests
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

    /// <summary>A recorded line, wrapped here for reading, as the CLI printed it: one line.</summary>
    private static string OneLine(string json) => string.Concat(json.Split('\n').Select(l => l.Trim()));

    [Fact]
    public void Claude_reports_input_apart_from_cache_reads_and_writes_and_the_model_it_used_most()
    {
        var seen = Observe("claude",
            """{"type":"system","subtype":"init","session_id":"3b3d","model":"claude-opus-5-5","tools":[]}""",
            OneLine("""
                {"duration_api_ms":1021,"stop_reason":"end_turn","session_id":"3b3d","total_cost_usd":0.000744,
                "usage":{"input_tokens":100,"cache_creation_input_tokens":30,"cache_read_input_tokens":70,
                "output_tokens":9,"output_tokens_details":{"thinking_tokens":0},"service_tier":"standard"},
                "modelUsage":{"claude-haiku-4-5":{"inputTokens":12,"outputTokens":3,"cacheReadInputTokens":0,
                "cacheCreationInputTokens":0,"costUSD":0.00002},"claude-sonnet-4-5-20250929":{"inputTokens":88,
                "outputTokens":6,"cacheReadInputTokens":70,"cacheCreationInputTokens":30,"costUSD":0.0007}},
                "is_error":false,"num_turns":1,"subtype":"success","result":"hi","type":"result"}
                """));

        Assert.Equal((100L, 9L, 70L, 30L, 0.000744m),
            (seen.InputTokens, seen.OutputTokens, seen.CacheReadTokens, seen.CacheWriteTokens, seen.CostUsd));
        // The result's main model wins over the one the session started with.
        Assert.Equal("claude-sonnet-4-5-20250929", seen.Model);
    }

    [Fact]
    public void Claude_without_a_result_line_knows_the_model_but_no_usage()
    {
        var seen = Observe("claude",
            """{"type":"system","subtype":"init","session_id":"s","model":"claude-opus-5-5","tools":[]}""");

        Assert.Equal("claude-opus-5-5", seen.Model);
        Assert.Equal(((long?)null, (long?)null, (long?)null, (long?)null),
            (seen.InputTokens, seen.OutputTokens, seen.CacheReadTokens, seen.CacheWriteTokens));
    }

    [Fact]
    public void Codex_counts_cached_and_cache_written_tokens_apart_from_input()
    {
        var seen = Observe("codex",
            """{"type":"thread.started","thread_id":"01a24ff5"}""",
            OneLine("""
                {"type":"turn.completed","usage":{"input_tokens":200,"cached_input_tokens":50,
                "cache_write_input_tokens":20,"output_tokens":12,"reasoning_output_tokens":3}}
                """));

        Assert.Equal((130L, 12L, 50L, 20L, (string?)null),
            (seen.InputTokens, seen.OutputTokens, seen.CacheReadTokens, seen.CacheWriteTokens, seen.Model));
    }

    [Fact]
    public void A_codex_turn_that_failed_reports_no_usage_unknown_not_zero()
    {
        var seen = Observe("codex",
            """{"type":"thread.started","thread_id":"t"}""",
            """{"type":"turn.failed","error":{"message":"unexpected status 500"}}""");

        Assert.True(seen.SawResult);
        Assert.Equal(((long?)null, (long?)null, (long?)null),
            (seen.InputTokens, seen.OutputTokens, seen.CacheReadTokens));
    }

    [Fact]
    public void Gemini_names_its_model_at_init()
    {
        var seen = Observe("gemini",
            """{"type":"init","timestamp":"2026-11-28T06:00:00.000Z","session_id":"c2a1","model":"gemini-2.5-pro"}""");

        Assert.Equal("gemini-2.5-pro", seen.Model);
    }
}
