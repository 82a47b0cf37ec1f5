using System.Collections.Concurrent;
using Codewalkers.Agents.Workspace;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Watches each running agent's session: tails and stores its output (<see cref="OutputIngest"/>), stops a CLI that
/// hangs after its signal or runs over its time, and on exit hands the session to <see cref="RunFinisher"/>, going
/// on with the retry it may start.
/// </summary>
public sealed partial class RunMonitor(
    AgentLocks locks, RunLoader runs, OutputIngest ingest, RunFinisher finisher, IOptions<AgentsOptions> options,
    TimeProvider clock, ILogger<RunMonitor> logger)
{
    /// <summary>Fast polling this long after the signal appeared (see <see cref="PollDelay"/>).</summary>
    private static readonly TimeSpan FastPollAfterSignal = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, RunHandle> _runs = new();
    private readonly AgentsOptions _options = options.Value;
    private CancellationToken _stopping;

    /// <summary>Agents being supervised right now (for tests and diagnostics).</summary>
    public int ActiveRuns => _runs.Count;

    /// <summary>The token that ends every supervision: the service is stopping (agents go on without it).</summary>
    public void StopWith(CancellationToken stopping) => _stopping = stopping;

    /// <summary>Ends once every supervision has ended.</summary>
    public Task WhenAllEndedAsync() =>
        Task.WhenAll(_runs.Values.Select(r => r.Task.ContinueWith(_ => { }, TaskScheduler.Default)));

    /// <summary>Starts supervising the agent unless it already is. Called under the agent's lock only.</summary>
    public void Attach(string agentId, AgentPaths? paths = null)
    {
        if (_runs.ContainsKey(agentId)) return;
        var handle = new RunHandle { Paths = paths };
        _runs[agentId] = handle;
        handle.Task = Task.Run(() => SuperviseAsync(agentId, handle, _stopping), CancellationToken.None);
    }

    /// <summary>
    /// Whether an agent being supervised works in a worktree of the clone <paramref name="repo"/>: when it finishes
    /// clean, its worktree becomes the clone's spare (<see cref="SpareWorktrees.TryRecycleAsync"/>).
    /// </summary>
    public bool HasRunOn(string repo) => _runs.Values.Any(run => run.Paths is { } paths
        && AgentWorktrees.Of(paths).Any(worktree => WorktreeLink.Read(worktree)?.Repo == repo));

    /// <summary>Ends supervision by <paramref name="handle"/> only: a newer run attached meanwhile stays.</summary>
    private void Detach(string agentId, RunHandle handle) =>
        _runs.TryRemove(new KeyValuePair<string, RunHandle>(agentId, handle));

    private sealed class RunHandle
    {
        public Task Task { get; set; } = Task.CompletedTask;

        /// <summary>The agent's directory, once its run is loaded.</summary>
        public AgentPaths? Paths { get; set; }
    }

    private async Task SuperviseAsync(string agentId, RunHandle handle, CancellationToken stopping)
    {
        try
        {
            var run = await locks.WithLockAsync(agentId, async () =>
            {
                var loaded = await runs.LoadAsync(agentId, stopping);
                if (loaded is null) Detach(agentId, handle);
                return loaded;
            });
            handle.Paths ??= run?.Paths;
            while (run is not null && !stopping.IsCancellationRequested)
            {
                try
                {
                    var alive = run.Pid is { } pid && ProcessLauncher.IsAlive(pid, run.ExitCodeFile);
                    await ingest.IngestAsync(run, final: !alive);
                    if (!alive)
                    {
                        run = await finisher.FinishAsync(run, () => Detach(agentId, handle), stopping);
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

    private void WatchForHangOrTimeout(AgentRun run, bool signalled)
    {
        if (run.StopRequested || run.Pid is not { } pid) return;
        var now = clock.GetUtcNow();
        if (now - run.StartedAt > _options.RunTimeout) run.TimedOut = true;
        else if (!signalled || SignalFile.Read(run.Paths) is not { } signal
            || now - signal.WrittenAt < _options.HungSignalGrace)
            return;
        // A valid signal and a CLI that does not exit (or a session over its time): stop it; the finish reads the
        // signal.
        run.StopRequested = true;
        LogStoppingRun(run.Name, run.TimedOut ? "timeout" : "hung after signal");
        _ = ProcessLauncher.StopGroupAsync(pid, run.ExitCodeFile, TimeSpan.FromSeconds(5));
    }

    [LoggerMessage(LogLevel.Error, "Supervising agent {AgentId} failed")]
    private partial void LogSuperviseFailed(Exception ex, string agentId);

    [LoggerMessage(LogLevel.Warning, "Stopping agent {Name}: {Why}")]
    private partial void LogStoppingRun(string name, string why);
}
