using System.Text.Json;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Agents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Decides what the end of a session means for the agent: its signal accepted (done, questions, error), or the run's
/// outcome classified and the session retried (another account, a nudge) or the agent crashed.
/// </summary>
public sealed partial class RunDecisions(
    AgentWorktrees worktrees, AccountPool accounts, ProviderFailover failover, IOptions<AgentsOptions> options,
    TimeProvider clock, ILogger<RunDecisions> logger)
{
    private readonly AgentsOptions _options = options.Value;

    /// <summary>
    /// Records the session and changes the agent (tracked in <paramref name="db"/>, not saved).
    /// <paramref name="verifications"/> are the project checks of a done signal (<see cref="WorkVerifier"/>).
    /// </summary>
    internal async Task<RunDecision> DecideAsync(
        AgentsDbContext db, Agent agent, AgentRun run, int? exitCode, IReadOnlyList<VerificationRun> verifications,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var seen = run.Observation;
        // The CLI may have renewed the account's login during the session: keep what it wrote for the next run.
        if (agent.AccountId is { } usedId && await db.Accounts.FindAsync([usedId], cancellationToken) is { } used)
            accounts.AdoptRewrittenCredentials(used);
        var signal = SignalFile.Read(run.Paths);
        if (!await db.Sessions.AnyAsync(s => s.AgentId == agent.Id && s.SessionNumber == run.Session,
            cancellationToken))
        {
            var sessionOutcome = signal?.Status ?? OutcomeClassifier.Classify(seen, exitCode, run.TimedOut);
            var configDir = agent.AccountId is { } accountId ? accounts.ConfigDir(accountId)
                : run.Provider.SharedConfigDir(_options.Environment);
            var usage = await SessionUsage.OwnAsync(db, agent.Id, run.Provider, seen, configDir, cancellationToken);
            db.Sessions.Add(AgentSession.Create(agent, run.Session, seen.SessionId, run.Provider.Name,
                usage, seen.CostUsd, seen.DurationMs, exitCode, sessionOutcome, run.StartedAt, now));
        }
        switch (signal?.Status)
        {
            case SignalOutcomes.Done:
                return await AcceptDoneAsync(db, agent, run, signal, exitCode, verifications, now);
            case SignalOutcomes.Questions:
                agent.WaitForInput(signal.QuestionsJson, now);
                Completed(agent, SignalOutcomes.Questions, null, run.Paths, now);
                return RunDecision.Finished;
            case SignalOutcomes.Error:
                agent.Crash(AgentReasons.Error, JsonSerializer.Serialize(new { error = signal.ErrorText }), exitCode,
                    now);
                Completed(agent, SignalOutcomes.Error, signal.ErrorText, run.Paths, now);
                return RunDecision.Finished;
        }
        return await ClassifyAsync(db, agent, run, exitCode, now, cancellationToken);
    }

    private async Task<RunDecision> AcceptDoneAsync(AgentsDbContext db, Agent agent, AgentRun run, SignalFile signal,
        int? exitCode, IReadOnlyList<VerificationRun> verifications, DateTimeOffset now)
    {
        var missing = SignalFile.MissingOutputs(run.Paths, agent.RequiredOutputList);
        if (missing.Count > 0)
        {
            if (agent.RetryCount < 1) return new RunRetry(Prompts.MissingSignal(missing), null);
            agent.Crash(AgentReasons.MissingSignal,
                JsonSerializer.Serialize(new { error = "done without its outputs", missing }), exitCode, now);
            return RunDecision.Finished;
        }
        AgentWorktrees.States? states = null;
        if (agent.ErrandId is null && agent.Mode != AgentModes.Errand)
        {
            // Work left uncommitted would be lost with the worktree: ask once, then leave it for a human.
            states = await AgentWorktrees.ReadStatesAsync(run.Paths);
            if (states.Dirty.Count > 0 && !agent.CommitRequested)
            {
                agent.RequestCommit();
                var dirty = states.Dirty.Select(d => Path.GetRelativePath(run.Paths.Root, d)).ToList();
                return new RunRetry(Prompts.CommitFirst(dirty), null);
            }
        }
        var summary = signal.Summary ?? run.Observation.ResultText;
        var verified = RecordVerifications(db, agent, run, verifications, now);
        if (verified is { Passed: false })
        {
            agent.RecordVerifyFailure();
            if (agent.VerifyFailures <= _options.VerifyRetries)
                return new RunRetry(Prompts.VerificationFailed(verified, _options.VerifyPromptTailBytes), null);
            LogVerificationFailed(agent.Name, verified.Command, agent.VerifyFailures);
            agent.Complete(AgentReasons.VerificationFailed,
                JsonSerializer.Serialize(new { message = summary, verification = verified.ToContract() }), exitCode,
                now);
            Completed(agent, SignalOutcomes.VerificationFailed, summary, run.Paths, now, verified);
            // The worktrees stay as they are, for whoever looks into the failure.
            return RunDecision.Finished;
        }
        agent.Complete(AgentReasons.TaskComplete, ResultJson(signal, summary), exitCode, now);
        Completed(agent, SignalOutcomes.Done, summary, run.Paths, now, verified);
        // Clean worktrees go once the completion is committed (their branches, with every commit, stay).
        return states is { Dirty.Count: 0 }
            ? new RunDecision(null, worktrees.BeginRemoving(run.Paths, states.Pristine))
            : RunDecision.Finished;
    }

    /// <summary>No usable signal: retry what a retry may fix, wait for an account, or crash the agent.</summary>
    private async Task<RunDecision> ClassifyAsync(
        AgentsDbContext db, Agent agent, AgentRun run, int? exitCode, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var seen = run.Observation;
        var outcome = OutcomeClassifier.Classify(seen, exitCode, run.TimedOut);
        LogRunEnded(agent.Name, run.Session, exitCode, outcome);
        if (seen.SessionNotFound && agent.RetryCount < _options.MaxRetries)
            return new RunRetry($"{Prompts.Continue} Check the working directory for what was done already.", null,
                Fresh: true);
        if (outcome == AgentReasons.UsageLimit && agent.AccountId is { } exhaustedId)
        {
            var exhausted = await db.Accounts.FindAsync([exhaustedId], cancellationToken);
            exhausted?.MarkExhausted(seen.UsageLimitResetsAt ?? now + _options.DefaultExhaustion, now);
            return await ContinueElsewhereAsync(db, agent, run, exhaustedId, now, cancellationToken);
        }
        // Expired credentials the CLI was to refresh, and could not (the refresh token was refused, or no network):
        // the account is expired from now on (skipped, announced), and the run goes on as after a usage limit.
        if (outcome == AgentReasons.AuthFailure && agent.AccountId is { } failedId
            && await db.Accounts.FindAsync([failedId], cancellationToken) is { } failed && failed.RefreshFailed(now))
        {
            LogRefreshFailed(agent.Name, failedId);
            return await ContinueElsewhereAsync(db, agent, run, failedId, now, cancellationToken);
        }
        if (OutcomeClassifier.IsRetryable(outcome, seen, agent.RetryCount, _options.MaxRetries))
            return new RunRetry(outcome == AgentReasons.MissingSignal ? Prompts.MissingSignal([]) : Prompts.Continue,
                null);

        var message = seen.ResultText ?? seen.LastError;
        agent.Crash(outcome, JsonSerializer.Serialize(new { outcome, exitCode, message }), exitCode, now);
        return RunDecision.Finished;
    }

    /// <summary>
    /// The account <paramref name="leftId"/> cannot go on: the session resumes on another account of the provider
    /// (its transcripts copied), or the run goes on with the next allowed provider that has one (a new session there,
    /// told the transcript; launched on the supervisor's next turn, see AccountWaits), or, with none left anywhere, the
    /// agent waits (a status change, not a crash) and continues by itself at the earliest reset or when an account is
    /// added.
    /// </summary>
    private async Task<RunDecision> ContinueElsewhereAsync(AgentsDbContext db, Agent agent, AgentRun run,
        string leftId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await accounts.SelectAsync(db, agent.Provider, leftId, cancellationToken) is { } next)
        {
            accounts.CarryTranscripts(run.Provider, leftId, next.Id);
            return new RunRetry(Prompts.Continue, next.Id);
        }
        if (await failover.NextAsync(db, agent, cancellationToken) is { } other)
        {
            LogFailover(agent.Name, agent.Provider, other.Provider.Name);
            var transcript = TranscriptDigest.Read(run.Paths.OutputFile, Prompts.FailoverTranscriptBytes);
            agent.SwitchProvider(other.Provider.Name, other.Account.Id,
                Prompts.ProviderFailover(agent.Provider, transcript, null), now);
            return RunDecision.Finished;
        }
        agent.WaitForAccount(await failover.WaitUntilAsync(db, agent, now, cancellationToken), now);
        LogWaitingForAccount(agent.Name, agent.WaitingForAccountUntil);
        return RunDecision.Finished;
    }

    /// <summary>
    /// Stores every check of this done signal as evidence and publishes it (AgentVerified); returns the last, which
    /// decides.
    /// </summary>
    private static VerificationRun? RecordVerifications(AgentsDbContext db, Agent agent, AgentRun run,
        IReadOnlyList<VerificationRun> verifications, DateTimeOffset now)
    {
        foreach (var verification in verifications)
        {
            db.Verifications.Add(verification);
            agent.RecordVerification(new AgentVerified(agent.Id, agent.Name, agent.Context, run.Session,
                verification.ToContract(), now));
        }
        return verifications.Count > 0 ? verifications[^1] : null;
    }

    private static string ResultJson(SignalFile signal, string? summary) =>
        signal.Root.TryGetProperty("result", out var result)
            ? result.GetRawText()
            : JsonSerializer.Serialize(new { message = summary });

    private void Completed(Agent agent, string outcome, string? summary, AgentPaths paths, DateTimeOffset now,
        VerificationRun? verification = null)
    {
        var outputs = AgentFiles.CollectOutputs(paths, _options.MaxOutputFileBytes, _options.MaxOutputTotalBytes);
        agent.RecordCompletion(new AgentCompleted(agent.Id, agent.Name, agent.RequestId, agent.Mode, agent.Context,
            outcome, summary, outputs, agent.Version, now, verification?.ToContract()));
    }

    [LoggerMessage(LogLevel.Warning, "Agent {Name} stops unverified: {Command} failed {Failures} times")]
    private partial void LogVerificationFailed(string name, string command, int failures);

    [LoggerMessage(LogLevel.Information,
        "Agent {Name} session {Session} ended (exit {ExitCode}) without a usable signal: {Outcome}")]
    private partial void LogRunEnded(string name, int session, int? exitCode, string outcome);

    [LoggerMessage(LogLevel.Warning,
        "Agent {Name}: the CLI could not refresh the expired credentials of account {AccountId}; it is skipped from now on")]
    private partial void LogRefreshFailed(string name, string accountId);

    [LoggerMessage(LogLevel.Warning, "Agent {Name}: no {From} account is usable; its run goes on with {To}")]
    private partial void LogFailover(string name, string from, string to);

    [LoggerMessage(LogLevel.Warning,
        "Agent {Name} waits for an account: every one is exhausted, the first until {Until}")]
    private partial void LogWaitingForAccount(string name, DateTimeOffset? until);
}
