using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Runners;
using Codewalkers.Agents.Workspace;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Runs between two sessions without a process continue here: those waiting for an account (every one of every
/// provider they may use was exhausted) as soon as one is available (its reset passed, or one was added, which wakes
/// the supervisor), and those whose run goes on with another provider (<see cref="Agent.SwitchProvider"/>). Checked
/// every turn of the supervisor's loop, so a wait never depends on a timer surviving a restart. Agents waiting before
/// their first session are launched by <see cref="AgentLifecycle.LaunchIdleAsync"/>.
/// </summary>
public sealed partial class AccountWaits(
    IDbContextFactory<AgentsDbContext> databases, AgentLocks locks, ProviderCatalog providers, AgentLauncher launcher,
    AccountPool accounts, ProviderFailover failover, AgentFiles files, RunMonitor monitor, ThisRunner runner,
    TimeProvider clock,
    ILogger<AccountWaits> logger)
{
    public async Task ContinueWaitingAgentsAsync(CancellationToken cancellationToken)
    {
        List<string> waiting;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            waiting = await db.Agents.AsNoTracking()
                .Where(a => a.RunnerId == runner.Id)
                .Where(a => (a.Status == AgentStatus.WaitingForAccount && a.SessionNumber > 0)
                    || (a.Status == AgentStatus.Running && a.WaitingForAccountUntil != null))
                .OrderBy(a => a.UpdatedAt).Select(a => a.Id).ToListAsync(cancellationToken);
        }
        foreach (var id in waiting) await ContinueAsync(id, cancellationToken);
    }

    private Task ContinueAsync(string agentId, CancellationToken cancellationToken) =>
        locks.WithLockAsync(agentId, async () =>
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var agent = await db.Agents.FindAsync([agentId], cancellationToken);
        if (agent is null || !agent.IsWaitingForAccount || agent.SessionNumber == 0
            || agent.Status is not (AgentStatus.Running or AgentStatus.WaitingForAccount))
            return 0;
        var now = clock.GetUtcNow();
        var provider = providers.Get(agent.Provider);
        var previousAccount = agent.AccountId;
        var account = await accounts.SelectAsync(db, provider.Name, null, cancellationToken);
        if (account is null && await failover.NextAsync(db, agent, cancellationToken) is { } next)
        {
            var transcript = TranscriptDigest.Read(files.PathsFor(agent.Name).OutputFile,
                Prompts.FailoverTranscriptBytes);
            LogFailover(agent.Name, agent.Provider, next.Provider.Name);
            agent.SwitchProvider(next.Provider.Name, next.Account.Id,
                Prompts.ProviderFailover(agent.Provider, transcript, agent.PendingPrompt), now);
            (provider, account) = (next.Provider, next.Account);
        }
        if (account is null)
        {
            // Still none: wait, showing the earliest reset (an account may have been removed or re-exhausted).
            agent.WaitForAccount(await failover.WaitUntilAsync(db, agent, now, cancellationToken), now);
            if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(cancellationToken);
            return 0;
        }
        // The same provider on another account resumes the session (its transcripts copied over); another provider
        // starts a new one, told the transcript so far.
        if (previousAccount is { } previous && previous != account.Id && agent.SessionId is not null)
            accounts.CarryTranscripts(provider, previous, account.Id);
        var configDir = accounts.Materialise(account);
        var resume = provider.CanResume && agent.SessionId is not null;
        var then = agent.PendingPrompt ?? Prompts.Continue;
        var prompt = resume ? then : $"{agent.Prompt}\n\n{then}";
        var launched = await launcher.LaunchAsync(agent, provider, prompt, resume, agent.SessionNumber + 1, configDir,
            account.Id, cancellationToken);
        account.MarkUsed(now);
        agent.ContinueAfterWait(launched.Pid, launched.AccountId, now);
        await db.SaveChangesAsync(cancellationToken);
        LogContinued(agent.Name, agent.Provider, agent.SessionNumber);
        monitor.Attach(agentId);
        return 0;
    });

    [LoggerMessage(LogLevel.Information, "Agent {Name} continues on {Provider} as session {Session}")]
    private partial void LogContinued(string name, string provider, int session);

    [LoggerMessage(LogLevel.Warning, "Agent {Name}: no {From} account is left; its run goes on with {To}")]
    private partial void LogFailover(string name, string from, string to);
}
