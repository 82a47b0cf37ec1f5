using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Supervision;

public sealed partial class AgentSupervisor
{
    /// <summary>
    /// Running agents that wait for an account (every one was exhausted) continue their session as soon as one is
    /// available: its reset time passed, or an account was added (which wakes the loop). Checked every loop turn, so the
    /// wait never depends on a timer surviving a restart.
    /// </summary>
    private async Task ContinueWaitingAgentsAsync(CancellationToken cancellationToken)
    {
        List<string> waiting;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AgentsDbContext>();
            waiting = await db.Agents.AsNoTracking().Where(a => a.Status == AgentStatus.Running && a.WaitingForAccountUntil != null)
                .OrderBy(a => a.UpdatedAt).Select(a => a.Id).ToListAsync(cancellationToken);
        }
        foreach (var id in waiting) await ContinueAsync(id, cancellationToken);
    }

    private Task ContinueAsync(string agentId, CancellationToken cancellationToken) => WithLockAsync(agentId, async () =>
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentsDbContext>();
        var agent = await db.Agents.FindAsync([agentId], cancellationToken);
        if (agent is null || agent.Status != AgentStatus.Running || !agent.IsWaitingForAccount) return 0;
        var provider = providers.Get(agent.Provider);
        var now = clock.GetUtcNow();
        var account = await accounts.SelectAsync(db, provider.Name, null, cancellationToken);
        if (account is null)
        {
            // Still none: keep showing the earliest reset (an account may have been removed or re-exhausted).
            if (agent.WaitForAccount(await accounts.EarliestResetAsync(db, provider.Name, cancellationToken) ?? agent.WaitingForAccountUntil!.Value, now))
                await db.SaveChangesAsync(cancellationToken);
            return 0;
        }
        if (agent.AccountId is { } previous && previous != account.Id) accounts.CarryTranscripts(provider, previous, account.Id);
        var configDir = accounts.Materialise(account);
        var resume = provider.CanResume && agent.SessionId is not null;
        var next = agent.PendingPrompt ?? Prompts.Continue;
        var prompt = resume ? next : $"{agent.Prompt}\n\n{next}";
        var launched = agentLauncher.Launch(agent, provider, prompt, resume, agent.SessionNumber + 1, configDir, account.Id);
        account.MarkUsed(now);
        agent.ContinueAfterWait(launched.Pid, launched.AccountId, now);
        await db.SaveChangesAsync(cancellationToken);
        LogContinued(agent.Name, agent.SessionNumber);
        Attach(agentId);
        return 0;
    });

    [LoggerMessage(LogLevel.Information, "Agent {Name} has an account again and continues as session {Session}")]
    private partial void LogContinued(string name, int session);
}
