using System.Collections.Concurrent;
using System.Text.Json;
using Codewalkers.Agents.Accounts;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Runs agents: launches idle ones, supervises each running one (tail, parse, store, fan out, finish), and on start
/// re-attaches to every agent the database says is running, whether its process survived or ended meanwhile.
/// All changes to one agent happen under that agent's lock, so a request and the supervisor never race.
/// </summary>
public sealed partial class AgentSupervisor(
    IServiceScopeFactory scopes, ProviderCatalog providers, AgentFiles files, AgentWorktrees worktrees, SpareWorktrees spares, AgentLauncher agentLauncher,
    AccountPool accounts, LogChunkWriter chunks, LiveOutput live, IOptions<AgentsOptions> options, TimeProvider clock,
    ILogger<AgentSupervisor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();
    private readonly ConcurrentDictionary<string, RunHandle> _runs = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly AgentsOptions _options = options.Value;
    private CancellationToken _stopping;

    /// <summary>Agents being supervised right now (for tests and diagnostics).</summary>
    public int ActiveRuns => _runs.Count;

    public void Wake() => _wake.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AgentsDbContext>();
            var running = await db.Agents.AsNoTracking().Where(a => a.Status == AgentStatus.Running && a.WaitingForAccountUntil == null)
                .Select(a => a.Id).ToListAsync(stoppingToken);
            foreach (var id in running) await WithLockAsync(id, () => { Attach(id); return Task.FromResult(0); });
            if (running.Count > 0) LogReattached(running.Count);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await LaunchIdleAgentsAsync(stoppingToken);
                // Once the agents at hand are started: making a spare worktree competes with a launch for the cores.
                spares.MakeWanted(HasRunOn);
                await ContinueWaitingAgentsAsync(stoppingToken);
                await _wake.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                LogLoopFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Agents are independent processes: stopping the service only stops watching them.
        await base.StopAsync(cancellationToken);
        await Task.WhenAll(_runs.Values.Select(r => r.Task.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    public async Task<T> WithLockAsync<T>(string agentId, Func<Task<T>> action)
    {
        var gate = _locks.GetOrAdd(agentId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try { return await action(); }
        finally { gate.Release(); }
    }

    private async Task LaunchIdleAgentsAsync(CancellationToken cancellationToken)
    {
        List<string> idle;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AgentsDbContext>();
            idle = await db.Agents.AsNoTracking().Where(a => a.Status == AgentStatus.Idle && a.UserDismissedAt == null)
                .OrderBy(a => a.CreatedAt).Select(a => a.Id).ToListAsync(cancellationToken);
        }
        foreach (var id in idle) await LaunchFirstAsync(id, cancellationToken);
    }

    private Task LaunchFirstAsync(string agentId, CancellationToken cancellationToken) => WithLockAsync(agentId, async () =>
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentsDbContext>();
        var agent = await db.Agents.FindAsync([agentId], cancellationToken);
        if (agent is null || agent.Status != AgentStatus.Idle) return 0;
        var provider = providers.Get(agent.Provider);
        var now = clock.GetUtcNow();
        try
        {
            var (account, configDir) = await PickAccountAsync(db, provider, agent.AccountId, cancellationToken);
            var launched = agentLauncher.Launch(agent, provider, agent.Prompt ?? "", resume: false, session: 1, configDir, account?.Id);
            account?.MarkUsed(now);
            agent.Start(launched.Pid, launched.AccountId, now);
            LogStarted(agent.Name, provider.Name, launched.Pid);
        }
        catch (NoAccountException)
        {
            // Not a failure: it starts as soon as an account resets or is added (see ContinueWaitingAgentsAsync).
            if (!agent.WaitForAccount(await accounts.EarliestResetAsync(db, provider.Name, cancellationToken) ?? now + _options.DefaultExhaustion, now))
                return 0;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            LogLaunchFailed(ex, agent.Name);
            agent.Fail(AgentReasons.ProcessCrash, JsonSerializer.Serialize(new { error = ex.Message }), now);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (agent.Status == AgentStatus.Running) Attach(agentId, files.PathsFor(agent.Name));
        return 0;
    });

    /// <summary>Resumes a waiting or stopped agent's session with <paramref name="prompt"/> (answers, a message).</summary>
    public Task<Agent> ResumeAsync(string agentId, string prompt, CancellationToken cancellationToken) => WithLockAsync(agentId, async () =>
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentsDbContext>();
        var agent = await db.Agents.FindAsync([agentId], cancellationToken) ?? throw new NotFoundException("Agent", agentId);
        agent.EnsureResumable();
        var provider = providers.Get(agent.Provider);
        if (!provider.CanResume) throw new ConflictException($"Provider '{provider.Name}' cannot resume a session.");
        var now = clock.GetUtcNow();
        Account? account;
        string? configDir;
        try { (account, configDir) = await PickAccountAsync(db, provider, agent.AccountId, cancellationToken); }
        catch (NoAccountException)
        {
            // Accepted all the same: the agent waits, saying until when, and continues with this prompt by itself.
            agent.ResumeWhenAccountFree(prompt, await accounts.EarliestResetAsync(db, provider.Name, cancellationToken) ?? now + _options.DefaultExhaustion, now);
            await db.SaveChangesAsync(cancellationToken);
            return agent;
        }
        if (account is not null && agent.AccountId is { } previous && previous != account.Id) accounts.CarryTranscripts(provider, previous, account.Id);
        var launched = agentLauncher.Launch(agent, provider, prompt, resume: true, session: agent.SessionNumber + 1, configDir, account?.Id);
        account?.MarkUsed(now);
        agent.Resume(launched.Pid, launched.AccountId, now);
        await db.SaveChangesAsync(cancellationToken);
        Attach(agentId, files.PathsFor(agent.Name));
        return agent;
    });

    /// <summary>Stops an agent: its status first (so the run is not mistaken for a crash), then SIGINT -> SIGTERM -> SIGKILL.</summary>
    public async Task<Agent> StopAsync(string agentId, CancellationToken cancellationToken)
    {
        int? pid = null;
        var exitFile = "";
        var agent = await WithLockAsync(agentId, async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AgentsDbContext>();
            var agent = await db.Agents.FindAsync([agentId], cancellationToken) ?? throw new NotFoundException("Agent", agentId);
            (pid, exitFile) = (agent.Pid, files.PathsFor(agent.Name).ExitCodeFile(agent.SessionNumber));
            if (agent.Stop(clock.GetUtcNow())) await db.SaveChangesAsync(cancellationToken);
            return agent;
        });
        if (pid is { } p) await ProcessLauncher.StopGroupAsync(p, exitFile, TimeSpan.FromSeconds(2));
        return agent;
    }

    /// <summary>Starts supervising the agent unless it already is. Called under the agent's lock only.</summary>
    private void Attach(string agentId, AgentPaths? paths = null)
    {
        if (_runs.ContainsKey(agentId)) return;
        var handle = new RunHandle { Paths = paths };
        _runs[agentId] = handle;
        handle.Task = Task.Run(() => SuperviseAsync(agentId, handle, _stopping), CancellationToken.None);
    }

    /// <summary>Ends supervision by <paramref name="handle"/> only: a newer run attached meanwhile stays.</summary>
    private void Detach(string agentId, RunHandle handle) => _runs.TryRemove(new KeyValuePair<string, RunHandle>(agentId, handle));

    private sealed class RunHandle
    {
        public Task Task { get; set; } = Task.CompletedTask;

        /// <summary>The agent's directory, once its run is loaded.</summary>
        public AgentPaths? Paths { get; set; }
    }

    /// <summary>
    /// Whether an agent being supervised works in a worktree of the clone <paramref name="repo"/>: when it finishes
    /// clean, its worktree becomes the clone's spare (<see cref="SpareWorktrees.TryRecycleAsync"/>).
    /// </summary>
    private bool HasRunOn(string repo) => _runs.Values.Any(run => run.Paths is { } paths
        && AgentWorktrees.Of(paths).Any(worktree => WorktreeLink.Read(worktree)?.Repo == repo));

    private async Task SuperviseAsync(string agentId, RunHandle handle, CancellationToken stopping)
    {
        try
        {
            var run = await WithLockAsync(agentId, () => LoadRunAsync(agentId, handle, stopping));
            handle.Paths ??= run?.Paths;
            while (run is not null && !stopping.IsCancellationRequested)
            {
                try
                {
                    var alive = run.Pid is { } pid && ProcessLauncher.IsAlive(pid, run.ExitCodeFile);
                    await IngestAsync(run, final: !alive, stopping);
                    if (!alive)
                    {
                        run = await FinishAsync(run, handle, stopping);
                        continue;
                    }
                    var signalled = File.Exists(run.Paths.Signal);
                    WatchForHangOrTimeout(run, signalled);
                    await Task.Delay(PollDelay(run, signalled), stopping);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A busy database or a full disk must not orphan the agent: keep supervising it.
                    LogSuperviseFailed(ex, agentId);
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
        catch (Exception ex)
        {
            LogSuperviseFailed(ex, agentId);
        }
        finally
        {
            Detach(agentId, handle);
        }
    }

    private async Task<AgentRun?> LoadRunAsync(string agentId, RunHandle handle, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentsDbContext>();
        var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agentId, cancellationToken);
        if (agent is null || agent.Status != AgentStatus.Running || agent.IsWaitingForAccount)
        {
            Detach(agentId, handle);
            return null;
        }
        var run = NewRun(agent, agent.SessionNumber, agent.Pid, agent.RunStartedAt ?? agent.UpdatedAt);
        // What this session printed before a restart is already stored: replay it so the outcome sees the whole session.
        var earlier = await db.LogChunks.AsNoTracking().Where(c => c.AgentId == agentId && c.SessionNumber == agent.SessionNumber)
            .OrderBy(c => c.StartOffset).Select(c => c.Content).ToListAsync(cancellationToken);
        foreach (var content in earlier) run.Observe(System.Text.Encoding.UTF8.GetBytes(content));
        return run;
    }

    private AgentRun NewRun(Agent agent, int session, int? pid, DateTimeOffset startedAt)
    {
        var paths = files.PathsFor(agent.Name);
        return new AgentRun(agent.Id, agent.Name, session, pid, paths, providers.Get(agent.Provider),
            new OutputTailer(paths.OutputFile, agent.OutputOffset, _options.MaxChunkBytes), startedAt);
    }

    /// <summary>
    /// Fast for a few seconds after the signal appeared (the exit is imminent and a dependent task waits for it), then
    /// back to normal: a CLI that goes on after its signal must not be polled hundreds of times a second until the
    /// hung-signal grace ends.
    /// </summary>
    private TimeSpan PollDelay(AgentRun run, bool signalled)
    {
        if (!signalled) return _options.PollInterval;
        var now = clock.GetUtcNow();
        run.SignalSeenAt ??= now;
        return now - run.SignalSeenAt < FastPollAfterSignal ? _options.SignalledPollInterval : _options.PollInterval;
    }

    private static readonly TimeSpan FastPollAfterSignal = TimeSpan.FromSeconds(3);

    private void WatchForHangOrTimeout(AgentRun run, bool signalled)
    {
        if (run.StopRequested || run.Pid is not { } pid) return;
        var now = clock.GetUtcNow();
        if (now - run.StartedAt > _options.RunTimeout) run.TimedOut = true;
        else if (!signalled || SignalFile.Read(run.Paths) is not { } signal || now - signal.WrittenAt < _options.HungSignalGrace) return;
        // A valid signal and a CLI that does not exit (or a session over its time): stop it; the finish reads the signal.
        run.StopRequested = true;
        LogStoppingRun(run.Name, run.TimedOut ? "timeout" : "hung after signal");
        _ = ProcessLauncher.StopGroupAsync(pid, run.ExitCodeFile, TimeSpan.FromSeconds(5));
    }

    [LoggerMessage(LogLevel.Information, "Re-attached to {Count} running agents")]
    private partial void LogReattached(int count);

    [LoggerMessage(LogLevel.Error, "The agent supervisor loop failed; retrying")]
    private partial void LogLoopFailed(Exception ex);

    [LoggerMessage(LogLevel.Information, "Agent {Name} started with {Provider} (pid {Pid})")]
    private partial void LogStarted(string name, string provider, int pid);

    [LoggerMessage(LogLevel.Warning, "Agent {Name} could not be launched")]
    private partial void LogLaunchFailed(Exception ex, string name);

    [LoggerMessage(LogLevel.Error, "Supervising agent {AgentId} failed")]
    private partial void LogSuperviseFailed(Exception ex, string agentId);

    [LoggerMessage(LogLevel.Warning, "Stopping agent {Name}: {Why}")]
    private partial void LogStoppingRun(string name, string why);
}

public sealed class NoAccountException(string provider)
    : ConflictException($"Every {provider} account is exhausted; try again once one resets (GET /api/accounts) or add one.", "No account available");
