namespace Codewalkers.Agents.Merges;

/// <summary>
/// At start, before any merge: the worktrees and process groups of merged-result checks a service that died mid-check
/// left behind are removed (<see cref="MergedResultChecker.SweepAsync"/>).
/// </summary>
internal sealed class MergeCheckSweep(MergedResultChecker checker) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => checker.SweepAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
