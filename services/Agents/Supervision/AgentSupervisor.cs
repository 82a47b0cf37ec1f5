using Codewalkers.Agents.Workspace;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Runs agents: on start re-attaches to every agent the database says is running (whether its process survived or
/// ended meanwhile), then, whenever woken and at least every second, launches idle agents
/// (<see cref="AgentLifecycle"/>), makes the spare worktrees wanted, and continues agents an account was missing for
/// (<see cref="AccountWaits"/>). Each running agent is watched by <see cref="RunMonitor"/>.
/// </summary>
public sealed partial class AgentSupervisor(
    RunLoader runs, RunMonitor monitor, AgentLocks locks, AgentLifecycle lifecycle, AccountWaits waits,
    SpareWorktrees spares, ILogger<AgentSupervisor> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);

    public void Wake() => _wake.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        monitor.StopWith(stoppingToken);
        var running = await runs.RunningAsync(stoppingToken);
        foreach (var id in running)
            await locks.WithLockAsync(id, () => { monitor.Attach(id); return Task.FromResult(0); });
        if (running.Count > 0) LogReattached(running.Count);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await lifecycle.LaunchIdleAsync(stoppingToken);
                // Once the agents at hand are started: making a spare worktree competes with a launch for the cores.
                spares.MakeWanted(monitor.HasRunOn);
                await waits.ContinueWaitingAgentsAsync(stoppingToken);
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
        await monitor.WhenAllEndedAsync();
    }

    [LoggerMessage(LogLevel.Information, "Re-attached to {Count} running agents")]
    private partial void LogReattached(int count);

    [LoggerMessage(LogLevel.Error, "The agent supervisor loop failed; retrying")]
    private partial void LogLoopFailed(Exception ex);
}
