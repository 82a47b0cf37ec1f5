using System.Text;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Providers.Parsers;
using Codewalkers.Agents.Supervision;
using Codewalkers.Contracts.Agents;

namespace Codewalkers.Agents.Tests.Domain;

public class OutcomeClassifierTests
{
    private static RunObservation Seen(params string[] lines)
    {
        var claude = ProviderCatalog.Load(new ConfigurationBuilder().Build()).Get("claude");
        var seen = new RunObservation(claude);
        foreach (var line in lines)
            foreach (var e in new ClaudeStreamJsonParser().Parse(Encoding.UTF8.GetBytes(line))) seen.Apply(e);
        return seen;
    }

    private const string Success =
        """{"type":"result","subtype":"success","is_error":false,"result":"ok","session_id":"s"}""";

    [Fact]
    public void A_clean_finish_without_signal_is_missing_signal_and_retried_once()
    {
        var seen = Seen(Success);
        Assert.Equal(AgentReasons.MissingSignal, OutcomeClassifier.Classify(seen, 0, false));
        Assert.True(OutcomeClassifier.IsRetryable(AgentReasons.MissingSignal, seen, 0, 3));
        Assert.False(OutcomeClassifier.IsRetryable(AgentReasons.MissingSignal, seen, 1, 3));
    }

    [Fact]
    public void A_killed_cli_is_a_process_crash_and_not_retried()
    {
        var seen = Seen("""{"type":"system","subtype":"init","session_id":"s"}""");
        Assert.Equal(AgentReasons.ProcessCrash, OutcomeClassifier.Classify(seen, 137, false));
        Assert.Equal(AgentReasons.ProcessCrash, OutcomeClassifier.Classify(seen, null, false));
        Assert.False(OutcomeClassifier.IsRetryable(AgentReasons.ProcessCrash, seen, 0, 3));
    }

    [Fact]
    public void The_result_line_wins_over_the_exit_code()
    {
        var limited = Seen(
            """{"type":"result","subtype":"success","is_error":true,"api_error_status":"""
            + """429,"result":"You've hit your limit · resets 1pm (UTC)"}""");
        Assert.Equal(AgentReasons.UsageLimit, OutcomeClassifier.Classify(limited, 0, false));
        Assert.Equal(AgentReasons.MissingSignal, OutcomeClassifier.Classify(Seen(Success), 1, false));
    }

    [Fact]
    public void Timeouts_are_retried_up_to_the_limit_and_auth_failures_never()
    {
        var seen = Seen();
        Assert.Equal(AgentReasons.Timeout, OutcomeClassifier.Classify(seen, 143, timedOut: true));
        Assert.True(OutcomeClassifier.IsRetryable(AgentReasons.Timeout, seen, 2, 3));
        Assert.False(OutcomeClassifier.IsRetryable(AgentReasons.Timeout, seen, 3, 3));
        Assert.False(OutcomeClassifier.IsRetryable(AgentReasons.AuthFailure, seen, 0, 3));
    }

    [Fact]
    public void A_server_error_crash_is_transient_and_retried()
    {
        var seen = Seen(
            """{"type":"result","subtype":"error_during_execution","is_error":true,"api_error_status":"""
            + """529,"result":"Overloaded"}""");
        var outcome = OutcomeClassifier.Classify(seen, 1, false);
        Assert.Equal(AgentReasons.ProcessCrash, outcome);
        Assert.True(OutcomeClassifier.IsRetryable(outcome, seen, 0, 3));
    }
}
