using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Providers;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Running agents that wait for an account (every one was exhausted) continue their session as soon as one is
/// available: its reset time passed, or an account was added (which wakes the supervisor). Checked every turn of the
/// supervisor's loop, so the wait never depends on a timer surviving a restart.
/// </summary>
public sealed partial class AccountWaits(
    IDbContextFactory<AgentsDbContext> databases, AgentLocks locks, ProviderCatalog providers, AgentLauncher launcher,
    AccountPool accounts, RunMonitor monitor, TimeProvider clock, ILogger<AccountWaits> logger)
{
    public async Task ContinueWaitingAgentsAsync(CancellationToken cancellationToken)
    {
        List<string> waiting;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            waiting = await db.Agents.AsNoTracking()
                .Where(a => a.Status == AgentStatus.Running && a.WaitingForAccountUntil != null)
                .OrderBy(a => a.UpdatedAt).Select(a => a.Id).ToListAsync(cancellationToken);
        }
        foreach (var id in waiting) await ContinueAsync(id, cancellationToken);
    }

    private Task ContinueAsync(string agentId, CancellationToken cancellationToken) =>
        locks.WithLockAsync(agentId, async () =>
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var agent = await db.Agents.FindAsync([agentId], cancellationToken);
        if (agent is null || agent.Status != AgentStatus.Running || !agent.IsWaitingForAccount) return 0;
        var provider = providers.Get(agent.Provider);
        var now = clock.GetUtcNow();
        var account = await accounts.SelectAsync(db, provider.Name, null, cancellationToken);
        if (account is null)
        {
            // Still none: keep showing the earliest reset (an account may have been removed or re-exhausted).
            var until = await accounts.EarliestResetAsync(db, provider.Name, cancellationToken)
                ?? agent.WaitingForAccountUntil!.Value;
            if (agent.WaitForAccount(until, now)) await db.SaveChangesAsync(cancellationToken);
            return 0;
        }
        if (agent.AccountId is { } previous && previous != account.Id)
            accounts.CarryTranscripts(provider, previous, account.Id);
        var configDir = accounts.Materialise(account);
        var resume = provider.CanResume && agent.SessionId is not null;
        var next = agent.PendingPrompt ?? Prompts.Continue;
        var prompt = resume ? next : $"{agent.Prompt}\n\n{next}";
        var launched = await launcher.LaunchAsync(agent, provider, prompt, resume, agent.SessionNumber + 1, configDir,
            account.Id, cancellationToken);
        account.MarkUsed(now);
        agent.ContinueAfterWait(launched.Pid, launched.AccountId, now);
        await db.SaveChangesAsync(cancellationToken);
        LogContinued(agent.Name, agent.SessionNumber);
        monitor.Attach(agentId);
        return 0;
    });

    [LoggerMessage(LogLevel.Information, "Agent {Name} has an account again and continues as session {Session}")]
    private partial void LogContinued(string name, int session);
}
