using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Codewalkers.AppHost.Supervision;

/// <summary>
/// Restarts a supervised resource (a service, the gateway, the local broker) that exits while nobody asked it to:
/// killed, crashed, or failed to start. A stop from the dashboard or a command goes through Stopping first and is left
/// alone, and so is everything while the AppHost shuts down. Each restart is logged in the AppHost's log and in the
/// resource's own console log, and the count shows as the resource's "Restarts" property in the dashboard.
/// </summary>
internal sealed class ResourceSupervisor(
    SupervisedResources supervised,
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLogs,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<ResourceSupervisor> logger) : BackgroundService
{
    public const string RestartsProperty = "codewalkers.restarts";

    private static readonly HashSet<string> ExitedStates =
        [KnownResourceStates.Finished, KnownResourceStates.Exited, KnownResourceStates.FailedToStart, "Terminated"];

    private readonly ConcurrentDictionary<string, Watched> _watched = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping =
            CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        try
        {
            await foreach (var change in notifications.WatchAsync(stopping.Token))
            {
                if (!supervised.Contains(change.Resource.Name)) continue;
                Observe(change, stopping.Token);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The AppHost is stopping: nothing is restarted any more.
        }
    }

    private void Observe(ResourceEvent change, CancellationToken cancellationToken)
    {
        var state = change.Snapshot.State?.Text;
        var watched = _watched.GetOrAdd(change.ResourceId, _ => new Watched(supervised.Backoff()));
        var previous = watched.State;
        if (state == previous) return;
        watched.State = state;

        if (state == KnownResourceStates.Stopping) watched.StopRequested = true;
        else if (state == KnownResourceStates.Starting || state == KnownResourceStates.Waiting)
            watched.StopRequested = false;

        var exited = state is not null && ExitedStates.Contains(state);
        var wasAlive = previous is not null && !ExitedStates.Contains(previous);
        if (!exited || !wasAlive || watched.StopRequested || cancellationToken.IsCancellationRequested) return;

        var delay = watched.Backoff.NextDelay(DateTimeOffset.UtcNow);
        var exitCode = change.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
        var reason = $"{change.Resource.Name} {state} unexpectedly (exit code {exitCode}); "
            + $"restarting in {delay.TotalSeconds:0.0} s";
        logger.LogWarning("{Reason}", reason);
        resourceLogs.GetLogger(change.ResourceId).LogWarning("{Reason}", reason);
        _ = RestartAsync(change, watched, delay, cancellationToken);
    }

    private async Task RestartAsync(
        ResourceEvent change, Watched watched, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            // Someone may have started it by hand meanwhile.
            if (watched.State is not null && !ExitedStates.Contains(watched.State)) return;

            var commands = services.GetRequiredService<ResourceCommandService>();
            var result = await commands.ExecuteCommandAsync(
                change.ResourceId, KnownResourceCommands.StartCommand, cancellationToken);
            if (!result.Success)
            {
                logger.LogError("Restarting {Resource} failed: {Error}", change.Resource.Name, result.Message);
                return;
            }
            watched.Backoff.Started(DateTimeOffset.UtcNow);
            var restarts = watched.Backoff.Restarts;
            await notifications.PublishUpdateAsync(change.Resource, change.ResourceId, snapshot => snapshot with
            {
                Properties =
                [
                    .. snapshot.Properties.Where(p => p.Name != RestartsProperty),
                    new ResourcePropertySnapshot(RestartsProperty, restarts),
                ],
            });
            logger.LogInformation("Restarted {Resource} (restart {Count})", change.Resource.Name, restarts);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: leave it stopped.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Restarting {Resource} failed", change.Resource.Name);
        }
    }

    private sealed class Watched(RestartBackoff backoff)
    {
        public RestartBackoff Backoff { get; } = backoff;
        public volatile string? State;
        public volatile bool StopRequested;
    }
}

/// <summary>The resources the supervisor restarts, and how quickly.</summary>
internal sealed class SupervisedResources(IEnumerable<string> names, TimeSpan firstDelay, TimeSpan maxDelay)
{
    private readonly HashSet<string> _names = [.. names];

    public bool Contains(string name) => _names.Contains(name);

    public RestartBackoff Backoff() => new(firstDelay, maxDelay, stableAfter: TimeSpan.FromMinutes(1));
}

internal static class SupervisionExtensions
{
    /// <summary>
    /// Restarts these resources when they exit unexpectedly: at once, then after Supervision:FirstDelay (1 s)
    /// doubling up to Supervision:MaxDelay (30 s) while they keep dying.
    /// </summary>
    public static void AddSupervision(
        this IDistributedApplicationBuilder builder, params IEnumerable<IResource> resources)
    {
        var first = builder.Configuration.GetValue("Supervision:FirstDelay", TimeSpan.FromSeconds(1));
        var max = builder.Configuration.GetValue("Supervision:MaxDelay", TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(new SupervisedResources(resources.Select(r => r.Name), first, max));
        builder.Services.AddHostedService<ResourceSupervisor>();
    }
}
