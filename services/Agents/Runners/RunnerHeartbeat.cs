using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Supervision;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Runners;

/// <summary>
/// Keeps this runner's row alive (<see cref="Runner.LastHeartbeatAt"/>, every <c>Agents:HeartbeatInterval</c>) and
/// watches the others: a runner silent past <c>Agents:RunnerLease</c> is lost, and its agents that are not ended crash
/// with <c>runner_lost</c> (<see cref="Agent.LoseRunner"/>), each an AgentStatusChanged through the outbox that
/// Planning's dispatch rules retry like any crash. A runner stopped cleanly is lost the same way: it has no way to hand
/// its processes to another.
/// </summary>
public sealed partial class RunnerHeartbeat(
    IDbContextFactory<AgentsDbContext> databases, ThisRunner runner, IOptions<AgentsOptions> options,
    IServer server, TimeProvider clock, ILogger<RunnerHeartbeat> logger) : BackgroundService
{
    private bool _registered;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(stoppingToken);
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                // A busy database or a lost race (the owner changed an agent meanwhile): the next beat tries again.
                LogBeatFailed(ex);
            }
            try { await Task.Delay(options.Value.HeartbeatInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>One UPDATE while nothing changed; the row is (re)made at start and after being found lost.</summary>
    internal async Task BeatAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var address = Address();
        if (_registered && await db.Runners.Where(r => r.Id == runner.Id && r.LostAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastHeartbeatAt, now).SetProperty(r => r.Address, address),
                    cancellationToken) == 1)
            return;
        var row = await db.Runners.FindAsync([runner.Id], cancellationToken);
        if (row is null) db.Runners.Add(Runner.Start(runner.Id, address, now));
        else
        {
            if (row.LostAt is { } lostAt) LogWasLost(runner.Id, lostAt);
            row.Restart(address, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        _registered = true;
    }

    /// <summary>
    /// <c>Agents:RunnerAddress</c>, else the address this service listens on (known once the server has started; a
    /// wildcard host is this machine's loopback, right for runners on one machine).
    /// </summary>
    private string? Address()
    {
        if (options.Value.RunnerAddress is { Length: > 0 } configured) return configured;
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal));
        if (listening is null) return null;
        return listening.Replace("://[::]", "://127.0.0.1").Replace("://+", "://127.0.0.1")
            .Replace("://*", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1");
    }

    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - options.Value.RunnerLease;
        List<string> expired;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            expired = await db.Runners.AsNoTracking()
                .Where(r => r.Id != runner.Id && r.LostAt == null && r.LastHeartbeatAt < cutoff)
                .Select(r => r.Id).ToListAsync(cancellationToken);
        }
        foreach (var id in expired) await LoseAsync(id, cutoff, now, cancellationToken);
    }

    /// <summary>
    /// Claims the lost runner and crashes its agents in one transaction, so each agent is lost exactly once: of several
    /// live runners that see the same expired lease only one claim updates the row (SQLite has one writer; PostgreSQL
    /// re-checks the condition after the first claim commits), and an agent its owner changed meanwhile (a runner that
    /// was only slow) fails the save on its version, which undoes the claim too.
    /// </summary>
    private async Task LoseAsync(string runnerId, DateTimeOffset cutoff, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.Runners
            .Where(r => r.Id == runnerId && r.LostAt == null && r.LastHeartbeatAt < cutoff)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LostAt, now), cancellationToken);
        if (claimed == 0) return;
        var agents = await db.Agents
            .Where(a => a.RunnerId == runnerId && (a.Status == AgentStatus.Idle
                || a.Status == AgentStatus.WaitingForCapacity || a.Status == AgentStatus.Running
                || a.Status == AgentStatus.WaitingForAccount))
            .ToListAsync(cancellationToken);
        var lost = agents.Count(agent => agent.LoseRunner(now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogRunnerLost(runnerId, options.Value.RunnerLease.TotalSeconds, lost);
    }

    [LoggerMessage(LogLevel.Warning,
        "Runner {RunnerId} sent no heartbeat for {LeaseSeconds} s: {Count} of its agents crashed as runner_lost")]
    private partial void LogRunnerLost(string runnerId, double leaseSeconds, int count);

    [LoggerMessage(LogLevel.Warning,
        "This runner ({RunnerId}) was found lost at {LostAt}; its agents then running were crashed and are retried elsewhere")]
    private partial void LogWasLost(string runnerId, DateTimeOffset lostAt);

    [LoggerMessage(LogLevel.Warning, "The runner heartbeat failed; trying again")]
    private partial void LogBeatFailed(Exception ex);
}
