using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Codewalkers.Messaging;

/// <summary>
/// Removes rows past their retention window once per interval until the host stops. A failed round is logged and
/// tried again at the next interval: pruning is housekeeping and must never stop the service.
/// </summary>
public abstract partial class PeriodicPruner(TimeSpan interval, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>The clock the interval and the retention cut-off are read from.</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>What the rows are, for the log ("outbox/inbox rows", "feed entries").</summary>
    protected abstract string Rows { get; }

    /// <summary>One round: deletes what is past retention and says how many rows went.</summary>
    public abstract Task<int> PruneAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Clock);
        do
        {
            try
            {
                var pruned = await PruneAsync(stoppingToken);
                if (pruned > 0) LogPruned(logger, pruned, Rows);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPruneFailed(logger, ex, Rows);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try { return await timer.WaitForNextTickAsync(cancellationToken); }
        catch (OperationCanceledException) { return false; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} {Rows} past retention")]
    private static partial void LogPruned(ILogger logger, int count, string rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning {Rows} failed; will try again next interval")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception, string rows);
}
