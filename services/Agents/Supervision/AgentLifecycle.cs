using System.ComponentModel;
using System.Text.Json;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Runners;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Agents;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// The request side of running agents: the first launch of an idle agent, a resume (answers, a message) and a stop.
/// A started session is handed to <see cref="RunMonitor"/>.
/// </summary>
public sealed partial class AgentLifecycle(
    IDbContextFactory<AgentsDbContext> databases, AgentLocks locks, ProviderCatalog providers, AccountPool accounts,
    ProviderFailover failover, AgentLauncher launcher, AgentFiles files, RunMonitor monitor,
    AdmissionControl admission, ThisRunner runner, SharedRemote shared, TimeProvider clock,
    ILogger<AgentLifecycle> logger)
{
    /// <summary>
    /// Launches this runner's agents not launched yet (idle, waiting for capacity, or waiting for an account before their first
    /// session), oldest first, while the machine has capacity (<see cref="AdmissionControl"/>); the others wait for
    /// capacity with the reason. One still without an account stays as it is (no event).
    /// </summary>
    public async Task LaunchIdleAsync(CancellationToken cancellationToken)
    {
        List<string> pending;
        int running;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            pending = await db.Agents.AsNoTracking()
                .Where(a => (a.Status == AgentStatus.Idle || a.Status == AgentStatus.WaitingForCapacity
                        || (a.Status == AgentStatus.WaitingForAccount && a.SessionNumber == 0))
                    && a.UserDismissedAt == null && a.RunnerId == runner.Id)
                .OrderBy(a => a.CreatedAt).Select(a => a.Id).ToListAsync(cancellationToken);
            if (pending.Count == 0) return;
            running = await RunningAgents.CountAsync(db, runner, cancellationToken);
        }
        foreach (var id in pending)
        {
            var report = await admission.JudgeAsync(id, running, cancellationToken);
            if (!report.Admitting) await HoldAsync(id, report.Reason, cancellationToken);
            else if (await LaunchFirstAsync(id, cancellationToken))
            {
                running++;
                admission.Launched();
            }
        }
    }

    private Task<int> HoldAsync(string agentId, string reason, CancellationToken cancellationToken) =>
        locks.WithLockAsync(agentId, async () =>
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var agent = await db.Agents.FindAsync([agentId], cancellationToken);
            if (agent is null || !agent.IsNotLaunched) return 0;
            if (agent.Status == AgentStatus.Idle) LogHeld(agent.Name, reason);
            if (agent.WaitForCapacity(reason, clock.GetUtcNow())) await db.SaveChangesAsync(cancellationToken);
            return 0;
        });

    /// <summary>Returns whether the agent's CLI was started.</summary>
    private Task<bool> LaunchFirstAsync(string agentId, CancellationToken cancellationToken) =>
        locks.WithLockAsync(agentId, async () =>
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var agent = await db.Agents.FindAsync([agentId], cancellationToken);
            if (agent is null || !agent.IsNotLaunched) return false;
            var provider = providers.Get(agent.Provider);
            var now = clock.GetUtcNow();
            try
            {
                var (account, configDir) = await PickFirstAsync(db, agent, provider, now, cancellationToken);
                provider = providers.Get(agent.Provider);
                var launched = await launcher.LaunchAsync(agent, provider, agent.Prompt ?? "", resume: false,
                    session: 1, configDir, account?.Id, cancellationToken);
                account?.MarkUsed(now);
                agent.Start(launched.Pid, launched.AccountId, now);
                LogStarted(agent.Name, provider.Name, launched.Pid);
            }
            catch (NoAccountException)
            {
                // Not a failure: it starts as soon as an account resets or is added (checked every turn).
                var until = await failover.WaitUntilAsync(db, agent, now, cancellationToken);
                if (!agent.WaitForAccount(until, now) && !db.ChangeTracker.HasChanges()) return false;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or Win32Exception)
            {
                LogLaunchFailed(ex, agent.Name);
                agent.Fail(AgentReasons.ProcessCrash, JsonSerializer.Serialize(new { error = ex.Message }), now);
            }
            await db.SaveChangesAsync(cancellationToken);
            if (agent.Status != AgentStatus.Running) return false;
            monitor.Attach(agentId, files.PathsFor(agent.Name));
            return true;
        });

    /// <summary>
    /// The account of the first session: its provider's, else the first allowed provider's with one available (the
    /// agent moves there before it ever ran, so nothing needs carrying). Throws <see cref="NoAccountException"/> when
    /// none has.
    /// </summary>
    private async Task<(Account? Account, string? ConfigDir)> PickFirstAsync(
        AgentsDbContext db, Agent agent, ProviderDefinition provider, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        try { return await accounts.PickAsync(db, provider, agent.AccountId, cancellationToken); }
        catch (NoAccountException)
        {
            if (await failover.NextAsync(db, agent, cancellationToken) is not { } next) throw;
            agent.SwitchProvider(next.Provider.Name, next.Account.Id, pendingPrompt: null, now);
            return (next.Account, accounts.Materialise(next.Account));
        }
    }

    /// <summary>
    /// Resumes a waiting or stopped agent's session with <paramref name="prompt"/> (answers, a message).
    /// </summary>
    public Task<Agent> ResumeAsync(string agentId, string prompt, CancellationToken cancellationToken) =>
        locks.WithLockAsync(agentId, async () =>
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var agent = await db.Agents.FindAsync([agentId], cancellationToken)
                ?? throw new NotFoundException("Agent", agentId);
            agent.EnsureResumable();
            var provider = providers.Get(agent.Provider);
            if (!provider.CanResume)
                throw new ConflictException($"Provider '{provider.Name}' cannot resume a session.");
            var now = clock.GetUtcNow();
            Account? account;
            string? configDir;
            try { (account, configDir) = await accounts.PickAsync(db, provider, agent.AccountId, cancellationToken); }
            catch (NoAccountException)
            {
                // Accepted all the same: the agent waits, saying until when, and continues with this prompt by itself
                // (on another allowed provider if one has an account: AccountWaits, on the supervisor's next turn).
                var until = await failover.WaitUntilAsync(db, agent, now, cancellationToken);
                agent.ResumeWhenAccountFree(prompt, until, now);
                await db.SaveChangesAsync(cancellationToken);
                return agent;
            }
            if (account is not null && agent.AccountId is { } previous && previous != account.Id)
                accounts.CarryTranscripts(provider, previous, account.Id);
            var launched = await launcher.LaunchAsync(agent, provider, prompt, resume: true,
                session: agent.SessionNumber + 1, configDir, account?.Id, cancellationToken);
            account?.MarkUsed(now);
            agent.Resume(launched.Pid, launched.AccountId, now);
            await db.SaveChangesAsync(cancellationToken);
            monitor.Attach(agentId, files.PathsFor(agent.Name));
            return agent;
        });

    /// <summary>
    /// Stops an agent: its status first (so the run is not mistaken for a crash), then SIGINT -> SIGTERM -> SIGKILL.
    /// </summary>
    public async Task<Agent> StopAsync(string agentId, CancellationToken cancellationToken)
    {
        int? pid = null;
        var exitFile = "";
        var agent = await locks.WithLockAsync(agentId, async () =>
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var agent = await db.Agents.FindAsync([agentId], cancellationToken)
                ?? throw new NotFoundException("Agent", agentId);
            (pid, exitFile) = (agent.Pid, files.PathsFor(agent.Name).ExitCodeFile(agent.SessionNumber));
            if (agent.Stop(clock.GetUtcNow())) await db.SaveChangesAsync(cancellationToken);
            return agent;
        });
        if (pid is { } p) await ProcessLauncher.StopGroupAsync(p, exitFile, TimeSpan.FromSeconds(2));
        if (shared.Enabled) await PublishStoppedWorkAsync(agent);
        return agent;
    }

    /// <summary>
    /// A stopped agent's commits go to the shared remote, so they are not stranded on this runner; the stop stands
    /// when that fails (the branch is pushed with the next spawn or merge that reads it here).
    /// </summary>
    private async Task PublishStoppedWorkAsync(Agent agent)
    {
        try { await shared.PublishWorktreesAsync(files.PathsFor(agent.Name)); }
        catch (GitException ex) { LogStoppedWorkNotPublished(agent.Name, ex.Message); }
    }

    [LoggerMessage(LogLevel.Warning,
        "Agent {Name} stopped; its branches could not be pushed to the shared remote: {Error}")]
    private partial void LogStoppedWorkNotPublished(string name, string error);

    [LoggerMessage(LogLevel.Information, "Agent {Name} started with {Provider} (pid {Pid})")]
    private partial void LogStarted(string name, string provider, int pid);

    [LoggerMessage(LogLevel.Information, "Agent {Name} waits for capacity: {Reason}")]
    private partial void LogHeld(string name, string reason);

    [LoggerMessage(LogLevel.Warning, "Agent {Name} could not be launched")]
    private partial void LogLaunchFailed(Exception ex, string name);
}
