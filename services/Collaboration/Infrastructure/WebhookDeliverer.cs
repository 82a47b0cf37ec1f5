using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Collaboration.Infrastructure;

/// <summary>
/// POSTs the due webhook deliveries, a batch at a time, and stores each outcome: delivered on a 2xx, otherwise the next
/// attempt after the backoff (<see cref="WebhookOptions"/>). It runs beside the consumers and the API and holds no
/// database connection while it waits for a receiver, so a slow or dead receiver delays nothing but its own deliveries.
/// Commits that write deliveries wake it (<see cref="WebhookSignal"/>); otherwise it sleeps until the next one is due.
/// </summary>
internal sealed partial class WebhookDeliverer(
    IDbContextFactory<CollaborationDbContext> contexts,
    WebhookSignal signal,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDeliverer> logger) : BackgroundService
{
    public const string UserAgent = "Codewalkers-Webhooks/1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Its own client, not the service defaults' one: no retries of its own (the backoff here is the retry), no
    // service discovery or API token for an address outside the system, and a redirect is no delivery.
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var (sent, nextDue) = await DeliverDueAsync(stoppingToken);
                if (sent >= BatchSize) continue;
                wait = nextDue is null ? options.Value.PollInterval
                    : Clamp(nextDue.Value - clock.GetUtcNow(), TimeSpan.Zero, options.Value.PollInterval);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(ex);
                wait = options.Value.PollInterval;
            }
            try { await signal.WaitAsync(wait, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private int BatchSize => Math.Max(1, options.Value.Concurrency) * 4;

    /// <summary>One pass: attempts what is due; returns how many and when the next pending one falls due.</summary>
    internal async Task<(int Sent, DateTimeOffset? NextDue)> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var due = await db.WebhookDeliveries.Include(d => d.FeedEntry)
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.FeedEntryId).Take(BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count > 0)
        {
            var ids = due.Select(d => d.WebhookId).Distinct().ToList();
            var webhooks = await db.Webhooks.AsNoTracking().Where(w => ids.Contains(w.Id))
                .ToDictionaryAsync(w => w.Id, cancellationToken);
            // The connection goes back to the pool during the POSTs; only the outcomes are written.
            await Parallel.ForEachAsync(
                due.Where(d => webhooks.ContainsKey(d.WebhookId)),
                new ParallelOptions
                {
                    MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = cancellationToken,
                },
                async (delivery, ct) => await AttemptAsync(webhooks[delivery.WebhookId], delivery, ct));
            try { await db.SaveChangesAsync(cancellationToken); }
            catch (DbUpdateConcurrencyException)
            {
                // A webhook removed during the pass took its deliveries with it: nothing is left to record.
            }
        }
        var next = await db.WebhookDeliveries.Where(d => d.Status == DeliveryStatus.Pending)
            .OrderBy(d => d.NextAttemptAt).Select(d => (DateTimeOffset?)d.NextAttemptAt)
            .FirstOrDefaultAsync(cancellationToken);
        return (due.Count, next);
    }

    private async Task AttemptAsync(Webhook webhook, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var body = Body(delivery);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(webhook.Secret, body));
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id);
        request.Headers.Add(WebhookSignature.KindHeader, delivery.Kind);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.RequestTimeout);
        try
        {
            using var response =
                await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                delivery.Succeeded(code, clock.GetUtcNow());
                return;
            }
            Failed(webhook, delivery, code, $"the receiver answered {code} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Failed(webhook, delivery, null, $"no answer within {options.Value.RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            Failed(webhook, delivery, null, ex.Message);
        }
    }

    private void Failed(Webhook webhook, WebhookDelivery delivery, int? code, string error)
    {
        delivery.AttemptFailed(code, error, clock.GetUtcNow(), options.Value);
        if (delivery.Status == DeliveryStatus.Failed) LogGaveUp(delivery.Id, webhook.Id, delivery.Attempts, error);
        else LogAttemptFailed(delivery.Id, webhook.Id, delivery.Attempts, error, delivery.NextAttemptAt);
    }

    /// <summary>
    /// The POSTed JSON (docs/events.md): the delivery id, the feed entry, its payload as <c>data</c>.
    /// </summary>
    internal static byte[] Body(WebhookDelivery delivery)
    {
        var entry = delivery.FeedEntry!;
        var body = new JsonObject
        {
            ["deliveryId"] = delivery.Id,
            ["eventId"] = entry.Id,
            ["kind"] = entry.Kind,
            ["occurredAt"] = entry.OccurredAt,
            ["initiativeId"] = entry.InitiativeId,
            ["phaseId"] = entry.PhaseId,
            ["taskId"] = entry.TaskId,
            ["agentId"] = entry.AgentId,
            ["errandId"] = entry.ErrandId,
            ["data"] = JsonNode.Parse(entry.Payload),
        };
        return JsonSerializer.SerializeToUtf8Bytes(body, Json);
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min ? min : value > max ? max : value;

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Webhook delivery {DeliveryId} to {WebhookId} failed (attempt {Attempts}: {Error}); next at {Next}")]
    private partial void LogAttemptFailed(string deliveryId, string webhookId, int attempts, string error,
        DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Gave up webhook delivery {DeliveryId} to {WebhookId} after {Attempts} attempts: {Error}")]
    private partial void LogGaveUp(string deliveryId, string webhookId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A webhook delivery pass failed; trying again shortly")]
    private partial void LogPassFailed(Exception exception);
}
