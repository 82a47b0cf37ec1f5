using System.Text.Json;
using Codewalkers.Web.Api;

namespace Codewalkers.Web.Live;

/// <summary>
/// One connection from the web app to the activity feed, shared by every open page: each entry is handed to the
/// pages that subscribed, which reload what it touches. A dropped connection is opened again with the last id seen,
/// so the entries of the gap arrive too (the feed replays after Last-Event-ID).
/// </summary>
public sealed class LiveFeed(GatewayApi api, ILogger<LiveFeed> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly List<Func<FeedEntry, Task>> _subscribers = [];
    private string? _lastEventId;

    /// <summary>Whether the feed is connected now (pages show it, so a user knows the view is live).</summary>
    public bool Connected { get; private set; }

    /// <summary>Raised when <see cref="Connected"/> changes.</summary>
    public event Action? ConnectionChanged;

    /// <summary>Calls <paramref name="onEntry"/> for every entry from now on, until the result is disposed.</summary>
    public IDisposable Subscribe(Func<FeedEntry, Task> onEntry)
    {
        lock (_gate) _subscribers.Add(onEntry);
        return new Subscription(() => { lock (_gate) _subscribers.Remove(onEntry); });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var item in api.StreamAsync(
                    "/api/events", _lastEventId, stoppingToken, connected: () => SetConnected(true)))
                {
                    delay = TimeSpan.FromSeconds(1);
                    if (string.IsNullOrEmpty(item.Data)) continue;
                    _lastEventId = item.EventId ?? _lastEventId;
                    var entry = JsonSerializer.Deserialize<FeedEntry>(item.Data, GatewayApi.Json);
                    if (entry is not null) await PublishAsync(entry);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is ApiProblem or HttpRequestException or IOException or JsonException)
            {
                logger.LogInformation("The activity feed dropped ({Reason}); connecting again in {Delay}.",
                    ex.Message, delay);
            }
            SetConnected(false);
            await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 10));
        }
    }

    internal async Task PublishAsync(FeedEntry entry)
    {
        Func<FeedEntry, Task>[] subscribers;
        lock (_gate) subscribers = [.. _subscribers];
        foreach (var subscriber in subscribers)
        {
            try
            {
                await subscriber(entry);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A page failed to take feed entry {Id}.", entry.Id);
            }
        }
    }

    private void SetConnected(bool connected)
    {
        if (Connected == connected) return;
        Connected = connected;
        ConnectionChanged?.Invoke();
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
