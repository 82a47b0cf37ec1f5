using System.Text.Json;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Agents;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Supervision;

public sealed partial class AgentSupervisor
{
    /// <summary>Stores what the CLI appended since the persisted offset; the writer commits chunk and offset together.</summary>
    private async Task IngestAsync(AgentRun run, bool final, CancellationToken cancellationToken)
    {
        while (run.Tailer.Read(final) is { } chunk)
        {
            try
            {
                run.Observe(chunk.Bytes);
                var content = System.Text.Encoding.UTF8.GetString(chunk.Bytes);
                // Live readers get it now, not after the commit; one that sees it again after a failed store skips
                // the bytes it has (AgentOutputStream), so this is still exactly once for them.
                live.Publish(new OutputChunk(run.AgentId, run.Session, chunk.Start, chunk.End, content));
                await chunks.StoreAsync(new LogChunkWriter.Pending(run.AgentId, run.Name, run.Session, chunk.Start, chunk.End, content, run.Observation.SessionId));
                live.Committed(run.AgentId, chunk.End);
            }
            catch
            {
                // Not stored: read it again next time, so nothing is lost (and, the offset not moving, nothing doubles).
                run.Tailer.Rewind(chunk.Start);
                throw;
            }
        }
    }

    private sealed record Retry(string Prompt, string? SwitchToAccount, bool Fresh = false);

    /// <summary>What the end of a session leads to: a retry or none, and the worktrees to remove once that is committed.</summary>
    private sealed record Decision(Retry? Retry, WorktreeRemoval? RemoveWorktrees = null)
    {
        public static readonly Decision Finished = new(Retry: null);

        public static implicit operator Decision(Retry retry) => new(retry);
    }

    /// <summary>The session ended: accept its signal, or classify the outcome and retry or finish the agent.</summary>
    private async Task<AgentRun?> FinishAsync(AgentRun run, RunHandle handle, CancellationToken cancellationToken)
    {
        var exitCode = run.ReadExitCode();
        var retry = await WithLockAsync(run.AgentId, async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AgentsDbContext>();
            var agent = await db.Agents.FindAsync([run.AgentId], cancellationToken);
            if (agent is null || agent.Status != AgentStatus.Running || agent.SessionNumber != run.Session)
            {
                Detach(run.AgentId, handle);
                return null;
            }
            var decision = await DecideAsync(db, agent, run, exitCode, cancellationToken);
            // Not run when the save fails: the worktrees stay for the next attempt, and no spawn waits for them.
            await using var removal = decision.RemoveWorktrees;
            await db.SaveChangesAsync(cancellationToken);
            if (decision.Retry is null) Detach(run.AgentId, handle);
            // After the commit, so AgentCompleted does not wait for git; a spawn needing the branch waits for this instead.
            if (removal is not null) await RemoveWorktreesAsync(run, removal);
            return decision.Retry;
        });
        if (retry is null) return null;

        var delay = _options.RetryBackoff * Math.Pow(2, await RetriesUsedAsync(run.AgentId, cancellationToken));
        if (retry.SwitchToAccount is null) await Task.Delay(delay, cancellationToken);
        return await WithLockAsync(run.AgentId, async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AgentsDbContext>();
            var agent = await db.Agents.FindAsync([run.AgentId], cancellationToken);
            if (agent is null || agent.Status != AgentStatus.Running || agent.SessionNumber != run.Session)
            {
                Detach(run.AgentId, handle);
                return null;
            }
            var provider = providers.Get(agent.Provider);
            var account = retry.SwitchToAccount is { } id ? await db.Accounts.FindAsync([id], cancellationToken) : null;
            var configDir = account is not null ? accounts.Materialise(account)
                : agent.AccountId is { } current ? accounts.ConfigDir(current) : null;
            var resume = provider.CanResume && agent.SessionId is not null && !retry.Fresh;
            var prompt = resume ? retry.Prompt : $"{agent.Prompt}\n\n{retry.Prompt}";
            var now = clock.GetUtcNow();
            var launched = agentLauncher.Launch(agent, provider, prompt, resume, agent.SessionNumber + 1, configDir, account?.Id ?? agent.AccountId);
            account?.MarkUsed(now);
            agent.Retry(launched.Pid, launched.AccountId, now);
            await db.SaveChangesAsync(cancellationToken);
            LogRetried(agent.Name, agent.SessionNumber);
            return NewRun(agent, agent.SessionNumber, launched.Pid, now);
        });
    }

    private async Task<int> RetriesUsedAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentsDbContext>();
        return await db.Agents.Where(a => a.Id == agentId).Select(a => a.RetryCount).FirstAsync(cancellationToken);
    }

    private async Task<Decision> DecideAsync(AgentsDbContext db, Agent agent, AgentRun run, int? exitCode, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var seen = run.Observation;
        var signal = SignalFile.Read(run.Paths);
        if (!await db.Sessions.AnyAsync(s => s.AgentId == agent.Id && s.SessionNumber == run.Session, cancellationToken))
        {
            var sessionOutcome = signal?.Status ?? OutcomeClassifier.Classify(seen, exitCode, run.TimedOut);
            db.Sessions.Add(AgentSession.Create(agent.Id, run.Session, seen.SessionId, agent.AccountId, seen.InputTokens, seen.OutputTokens,
                seen.CostUsd, seen.DurationMs, exitCode, sessionOutcome, run.StartedAt, now));
        }
        switch (signal?.Status)
        {
            case SignalFile.Done:
                var missing = SignalFile.MissingOutputs(run.Paths, agent.RequiredOutputList);
                if (missing.Count > 0)
                {
                    if (agent.RetryCount < 1) return new Retry(Prompts.MissingSignal(missing), null);
                    agent.Crash(AgentReasons.MissingSignal, JsonSerializer.Serialize(new { error = "done without its outputs", missing }), exitCode, now);
                    return Decision.Finished;
                }
                AgentWorktrees.States? states = null;
                if (agent.ErrandId is null && agent.Mode != "errand")
                {
                    // Work left uncommitted would be lost with the worktree: ask once, then leave it for a human.
                    states = await AgentWorktrees.ReadStatesAsync(run.Paths);
                    if (states.Dirty.Count > 0 && !agent.CommitRequested)
                    {
                        agent.RequestCommit();
                        return new Retry(Prompts.CommitFirst(states.Dirty.Select(d => Path.GetRelativePath(run.Paths.Root, d)).ToList()), null);
                    }
                }
                var summary = signal.Summary ?? seen.ResultText;
                agent.Complete(AgentReasons.TaskComplete, ResultJson(signal, summary), exitCode, now);
                Completed(agent, SignalFile.Done, summary, run.Paths, now);
                // Clean worktrees go once the completion is committed (their branches, with every commit, stay).
                return states is { Dirty.Count: 0 }
                    ? new Decision(null, worktrees.BeginRemoving(run.Paths, states.Pristine))
                    : Decision.Finished;
            case SignalFile.Questions:
                agent.WaitForInput(signal.QuestionsJson, now);
                Completed(agent, SignalFile.Questions, null, run.Paths, now);
                return Decision.Finished;
            case SignalFile.Error:
                agent.Crash(AgentReasons.Error, JsonSerializer.Serialize(new { error = signal.ErrorText }), exitCode, now);
                Completed(agent, SignalFile.Error, signal.ErrorText, run.Paths, now);
                return Decision.Finished;
        }

        var outcome = OutcomeClassifier.Classify(seen, exitCode, run.TimedOut);
        LogRunEnded(agent.Name, run.Session, exitCode, outcome);
        if (seen.SessionNotFound && agent.RetryCount < _options.MaxRetries)
            return new Retry($"{Prompts.Continue} Check the working directory for what was done already.", null, Fresh: true);
        if (outcome == AgentReasons.UsageLimit && agent.AccountId is { } exhaustedId)
        {
            var exhausted = await db.Accounts.FindAsync([exhaustedId], cancellationToken);
            exhausted?.MarkExhausted(seen.UsageLimitResetsAt ?? now + _options.DefaultExhaustion, now);
            var next = await accounts.SelectAsync(db, agent.Provider, exhaustedId, cancellationToken);
            if (next is not null)
            {
                accounts.CarryTranscripts(run.Provider, exhaustedId, next.Id);
                return new Retry(Prompts.Continue, next.Id);
            }
            // None left: not a crash. The session waits, visibly, and continues when an account is free again.
            agent.WaitForAccount(await accounts.EarliestResetAsync(db, agent.Provider, cancellationToken) ?? now + _options.DefaultExhaustion, now);
            LogWaitingForAccount(agent.Name, agent.WaitingForAccountUntil);
            return Decision.Finished;
        }
        if (OutcomeClassifier.IsRetryable(outcome, seen, agent.RetryCount, _options.MaxRetries))
            return new Retry(outcome == AgentReasons.MissingSignal ? Prompts.MissingSignal([]) : Prompts.Continue, null);

        var message = seen.ResultText ?? seen.LastError;
        agent.Crash(outcome, JsonSerializer.Serialize(new { outcome, exitCode, message }), exitCode, now);
        return Decision.Finished;
    }

    private static string ResultJson(SignalFile signal, string? summary) =>
        signal.Root.TryGetProperty("result", out var result) ? result.GetRawText() : JsonSerializer.Serialize(new { message = summary });

    private void Completed(Agent agent, string outcome, string? summary, AgentPaths paths, DateTimeOffset now)
    {
        var outputs = AgentFiles.CollectOutputs(paths, _options.MaxOutputFileBytes, _options.MaxOutputTotalBytes);
        agent.RecordCompletion(new AgentCompleted(
            agent.Id, agent.Name, agent.RequestId, agent.Mode, agent.Context, outcome, summary, outputs, agent.Version, now));
    }

    private async Task<(Account? Account, string? ConfigDir)> PickAccountAsync(
        AgentsDbContext db, ProviderDefinition provider, string? currentId, CancellationToken cancellationToken)
    {
        if (!await Accounts.AccountPool.ProviderHasAccountsAsync(db, provider.Name, cancellationToken)) return (null, null);
        var current = currentId is null ? null : await db.Accounts.FindAsync([currentId], cancellationToken);
        var account = current is not null && current.IsAvailable(clock.GetUtcNow()) ? current
            : await accounts.SelectAsync(db, provider.Name, null, cancellationToken) ?? throw new NoAccountException(provider.Name);
        return (account, accounts.Materialise(account));
    }

    [LoggerMessage(LogLevel.Information, "Agent {Name} session {Session} ended (exit {ExitCode}) without a usable signal: {Outcome}")]
    private partial void LogRunEnded(string name, int session, int? exitCode, string outcome);

    [LoggerMessage(LogLevel.Warning, "Agent {Name} waits for an account: every one is exhausted, the first until {Until}")]
    private partial void LogWaitingForAccount(string name, DateTimeOffset? until);

    private async Task RemoveWorktreesAsync(AgentRun run, WorktreeRemoval removal)
    {
        try { await removal.RunAsync(); }
        catch (GitException ex) { LogWorktreesKept(run.Name, ex.Message); }
    }

    [LoggerMessage(LogLevel.Warning, "Agent {Name} completed, but its worktrees could not be removed: {Error}")]
    private partial void LogWorktreesKept(string name, string error);

    [LoggerMessage(LogLevel.Information, "Agent {Name} retried as session {Session}")]
    private partial void LogRetried(string name, int session);
}
