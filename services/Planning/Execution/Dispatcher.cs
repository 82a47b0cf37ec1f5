using Microsoft.Extensions.Options;

namespace Codewalkers.Planning.Execution;

/// <summary>
/// Runs a <see cref="DispatchCycle"/> at start (rebuilding the queue from the database after a restart), whenever a
/// relevant change commits (<see cref="DispatchTrigger"/>), and on a slow sweep as a backstop. Requests arriving
/// during a cycle coalesce into one more cycle, so a burst of completions costs two passes, not one per event.
/// </summary>
public sealed partial class Dispatcher(
    IServiceScopeFactory scopes, DispatchSignal signal, IOptions<ExecutionOptions> options, ILogger<Dispatcher> logger)
        : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var started = await scope.ServiceProvider.GetRequiredService<DispatchCycle>().RunAsync(stoppingToken);
                if (started > 0) LogStarted(started);
                await signal.WaitAsync(options.Value.SweepInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A concurrent write (an API call changing the same task) or a transient database error: the next
                // pass starts from the database again, so nothing is lost by trying once more shortly.
                LogCycleFailed(ex);
                try { await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Dispatch started {Count} task(s)")]
    private partial void LogStarted(int count);

    [LoggerMessage(LogLevel.Warning, "A dispatch cycle failed; running another")]
    private partial void LogCycleFailed(Exception exception);
}
