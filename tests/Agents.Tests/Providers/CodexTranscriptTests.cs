using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Providers.Parsers;
using Codewalkers.Agents.Supervision;
using Codewalkers.Contracts.Agents;

namespace Codewalkers.Agents.Tests.Providers;

/// <summary>
/// Output files captured from the real codex-cli 0.169.0 (stdout and stderr together, as the service records them)
/// against the fake Responses API: what the parser and the run observation make of each.
/// </summary>
public class CodexTranscriptTests
{
    private static readonly ProviderDefinition Codex =
        ProviderCatalog.Load(new ConfigurationBuilder().Build()).Get("codex");

    private static RunObservation Observe(string fixture)
    {
        var parser = OutputParsers.For(Codex.Parser);
        var seen = new RunObservation(Codex);
        var path = Path.Combine(AppContext.BaseDirectory, "Providers", "Fixtures", $"codex-0.169.0-{fixture}.jsonl");
        foreach (var line in File.ReadAllLines(path))
            foreach (var e in parser.Parse(System.Text.Encoding.UTF8.GetBytes(line))) seen.Apply(e);
        return seen;
    }

    [Fact]
    public void A_turn_that_ran_a_command_gives_the_thread_id_and_usage_and_no_error()
    {
        var seen = Observe("command-and-answer");
        Assert.Equal(
            ("01a24f4d-faf4-7322-b3c2-9bb99db952a2", true, false, 160L, 14L),
            (seen.SessionId, seen.SawResult, seen.ResultIsError, seen.InputTokens, seen.OutputTokens));
        Assert.False(seen.UsageLimited || seen.AuthFailed || seen.SessionNotFound);
    }

    [Fact]
    public void A_resumed_thread_keeps_its_id_and_reports_the_threads_running_total()
    {
        var seen = Observe("resumed");
        Assert.Equal(("01a24f4d-faf4-7322-b3c2-9bb99db952a2", 240L, 60L),
            (seen.SessionId, seen.InputTokens, seen.CacheReadTokens));
        Assert.True(Codex.UsageIsThreadTotal);
    }

    [Fact]
    public void A_server_error_is_a_failed_turn_worth_a_retry()
    {
        var seen = Observe("http-500");
        Assert.Equal((true, true, false), (seen.SawResult, seen.ResultIsError, seen.UsageLimited));
        Assert.True(seen.TransientApiError);
        Assert.Equal(AgentReasons.ProcessCrash, OutcomeClassifier.Classify(seen, 1, false));
    }

    [Fact]
    public void The_usage_limit_with_its_typographic_apostrophe_exhausts_the_account()
    {
        var seen = Observe("usage-limit");
        Assert.True(seen.UsageLimited);
        Assert.False(seen.TransientApiError);
        Assert.Equal(AgentReasons.UsageLimit, OutcomeClassifier.Classify(seen, 1, false));
    }

    [Fact]
    public void A_resume_of_an_unknown_thread_is_a_session_not_found()
    {
        var seen = Observe("resume-unknown-thread");
        Assert.True(seen.SessionNotFound);
        Assert.False(seen.SawResult);
    }
}
