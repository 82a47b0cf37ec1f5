using System.Diagnostics.CodeAnalysis;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// The end of a session: the decision (<see cref="RunDecisions"/>) saved, the agent's worktrees removed once it is
/// committed, and a retry started as the agent's next session after its backoff.
/// </summary>
public sealed partial class RunFinisher(
    IDbContextFactory<AgentsDbContext> databases, AgentLocks locks, RunDecisions decisions, RunLoader runs,
    AgentLauncher launcher, AccountPool accounts, WorkVerifier verifier, SharedRemote shared,
    IOptions<AgentsOptions> options,
    TimeProvider clock, ILogger<RunFinisher> logger)
{
    /// <summary>
    /// The session ended: accept its signal, or classify the outcome and retry or finish the agent. Returns the retry's
    /// run, or null when supervision of the agent ends (<paramref name="detach"/> is called then, under its lock).
    /// </summary>
    internal async Task<AgentRun?> FinishAsync(AgentRun run, Action detach, CancellationToken cancellationToken)
    {
        var exitCode = run.ReadExitCode();
        // Before the lock: a project's check may take minutes, and a stop must not wait for it.
        var verifications = await verifier.VerifyIfDueAsync(run, cancellationToken);
        var retry = await locks.WithLockAsync(run.AgentId, async () =>
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var agent = await db.Agents.FindAsync([run.AgentId], cancellationToken);
            if (!IsSessionOf(agent, run))
            {
                detach();
                return null;
            }
            var decision = await decisions.DecideAsync(db, agent, run, exitCode, verifications,
                cancellationToken);
            // Not run when the save fails: the worktrees stay for the next attempt, and no spawn waits for them.
            await using var removal = decision.RemoveWorktrees;
            // The agent's end (AgentCompleted) is published once its branches are on the shared remote; a failed push
            // fails this save, and the monitor processes the end again.
            if (decision.Retry is null && shared.Enabled) await shared.PublishWorktreesAsync(run.Paths);
            await db.SaveChangesAsync(cancellationToken);
            if (decision.Retry is null) detach();
            // After the commit, so AgentCompleted does not wait for git; a spawn needing the branch waits for this.
            if (removal is not null) await RemoveWorktreesAsync(run, removal);
            return decision.Retry;
        });
        if (retry is null) return null;

        var delay = options.Value.RetryBackoff * Math.Pow(2, await RetriesUsedAsync(run.AgentId, cancellationToken));
        if (retry.SwitchToAccount is null) await Task.Delay(delay, cancellationToken);
        return await locks.WithLockAsync(run.AgentId, () => RetryAsync(run, retry, detach, cancellationToken));
    }

    private static bool IsSessionOf([NotNullWhen(true)] Agent? agent, AgentRun run) =>
        agent is not null && agent.Status == AgentStatus.Running && agent.SessionNumber == run.Session;

    private async Task<AgentRun?> RetryAsync(AgentRun run, RunRetry retry, Action detach,
        CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var agent = await db.Agents.FindAsync([run.AgentId], cancellationToken);
        if (!IsSessionOf(agent, run))
        {
            detach();
            return null;
        }
        var account = retry.SwitchToAccount is { } id ? await db.Accounts.FindAsync([id], cancellationToken) : null;
        var configDir = account is not null ? accounts.Materialise(account)
            : agent.AccountId is { } current ? accounts.ConfigDir(current) : null;
        var resume = run.Provider.CanResume && agent.SessionId is not null && !retry.Fresh;
        var prompt = resume ? retry.Prompt : $"{agent.Prompt}\n\n{retry.Prompt}";
        var now = clock.GetUtcNow();
        var launched = await launcher.LaunchAsync(agent, run.Provider, prompt, resume, agent.SessionNumber + 1,
            configDir, account?.Id ?? agent.AccountId, cancellationToken);
        account?.MarkUsed(now);
        agent.Retry(launched.Pid, launched.AccountId, now);
        await db.SaveChangesAsync(cancellationToken);
        LogRetried(agent.Name, agent.SessionNumber);
        return runs.Create(agent, agent.SessionNumber, launched.Pid, now);
    }

    private async Task<int> RetriesUsedAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Agents.Where(a => a.Id == agentId).Select(a => a.RetryCount).FirstAsync(cancellationToken);
    }

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
