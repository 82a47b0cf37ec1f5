using Codewalkers.Agents.Providers;
using Codewalkers.Contracts.Agents;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Why a session ended without a usable signal (SPEC §3.6 classes). The result line wins over the exit code.
/// </summary>
public static class OutcomeClassifier
{
    public static string Classify(RunObservation seen, int? exitCode, bool timedOut)
    {
        if (timedOut) return AgentReasons.Timeout;
        if (seen.UsageLimited) return AgentReasons.UsageLimit;
        if (seen.AuthFailed) return AgentReasons.AuthFailure;
        if (seen.SawResult && !seen.ResultIsError) return AgentReasons.MissingSignal;
        if (exitCode is null) return AgentReasons.ProcessCrash; // the wrapper itself was killed
        if (seen.SawResult && seen.ResultIsError)
            return seen.TransientApiError ? AgentReasons.ProcessCrash : AgentReasons.Unknown;
        if (exitCode == 0) return AgentReasons.MissingSignal;
        return AgentReasons.ProcessCrash;
    }

    /// <summary>Whether the class is retried in the same run (usage_limit is handled by switching accounts).</summary>
    public static bool IsRetryable(string outcome, RunObservation seen, int retriesUsed, int maxRetries) =>
        outcome switch
    {
        AgentReasons.MissingSignal => retriesUsed < 1,
        AgentReasons.Timeout => retriesUsed < maxRetries,
        AgentReasons.ProcessCrash => seen.TransientApiError && retriesUsed < maxRetries,
        _ => false,
    };
}
