using System.Text.Json;
using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Codewalkers.Collaboration.Apis;

/// <summary>
/// GET /api/events: the activity feed. With <c>Accept: text/event-stream</c> (or <c>stream=true</c>) a server-sent
/// events stream: the stored entries after <c>Last-Event-ID</c> or <c>after</c> first, then new ones as they are
/// committed, each with its feed id as the event id and its kind as the event name, and a comment as heartbeat.
/// Otherwise a JSON page of entries (oldest first). Filters: <c>initiativeId</c>, <c>errandId</c>, <c>kind</c>
/// (repeatable, or comma-separated).
/// </summary>
public static class EventsApi
{
    public const int MaxLimit = 1000;
    private const int ReadBatch = 500;

    /// <summary>How often a quiet stream reads anyway (another instance's commits wake nobody here).</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(2);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record FeedEvent(
        long Id, string Kind, string? InitiativeId, string? PhaseId, string? TaskId, string? AgentId,
        string? ErrandId, JsonElement Data, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt)
    {
        public static FeedEvent From(FeedEntry e) => new(
            e.Id, e.Kind, e.InitiativeId, e.PhaseId, e.TaskId, e.AgentId, e.ErrandId, JsonElement.Parse(e.Payload),
            e.OccurredAt, e.RecordedAt);
    }

    /// <summary>A page of the feed; <paramref name="LastId"/> is the <c>after</c> of the next one.</summary>
    public sealed record FeedPage(IReadOnlyList<FeedEvent> Events, long LastId);

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/events").WithTags("Events");
        group.MapGet("/", GetAsync).WithName("GetEvents")
            .WithSummary("The activity feed: a JSON page, or a server-sent events stream (Accept: text/event-stream).");
        group.MapGet("/kinds", () => TypedResults.Ok(FeedKinds.All)).WithName("GetEventKinds")
            .WithSummary("Every kind the feed records.");
        return routes;
    }

    private static async Task<IResult> GetAsync(
        HttpContext http, string? initiativeId, string? errandId, long? after, int? limit, bool? stream,
        CollaborationDbContext db, FeedSignal signal, IOptions<FeedOptions> options,
        CancellationToken cancellationToken)
    {
        var filter = new Filter(initiativeId, errandId, Kinds(http.Request.Query["kind"]));
        if (after is < 0) throw new ValidationException("after", "An event id cannot be negative.");
        var wantsStream = stream ?? http.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream") == true);
        if (!wantsStream) return await PageAsync(db, filter, after, limit, cancellationToken);
        var from = after ?? LastEventId(http);
        await StreamAsync(http, db, signal, options.Value, filter, from, cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<Ok<FeedPage>> PageAsync(
        CollaborationDbContext db, Filter filter, long? after, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (take is < 1 or > MaxLimit) throw new ValidationException("limit", $"is 1..{MaxLimit}.");
        var query = filter.Apply(db.FeedEntries.AsNoTracking());
        // With after: the next entries forward from it. Without: the latest ones, still oldest first.
        var entries = after is { } from
            ? await query.Where(e => e.Id > from).OrderBy(e => e.Id).Take(take).ToListAsync(cancellationToken)
            : [.. (await query.OrderByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken)).AsEnumerable()
                .Reverse()];
        var last = entries.Count > 0 ? entries[^1].Id
            : after ?? await db.FeedEntries.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        return TypedResults.Ok(new FeedPage([.. entries.Select(FeedEvent.From)], last));
    }

    private static async Task StreamAsync(
        HttpContext http, CollaborationDbContext db, FeedSignal signal, FeedOptions options, Filter filter,
        long? from, CancellationToken cancellationToken)
    {
        // Without a position the stream starts at what is new from now on.
        var lastId = from ?? await db.FeedEntries.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.StartAsync(cancellationToken);
        // The retry hint, and a first byte through every proxy so the client knows it is connected.
        await http.Response.WriteAsync("retry: 2000\n: connected\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
        var quietSince = DateTimeOffset.UtcNow;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Taken before reading: a commit after the read still wakes the wait below.
                var next = signal.Next();
                List<FeedEntry> batch;
                do
                {
                    var after = lastId;
                    batch = await filter.Apply(db.FeedEntries.AsNoTracking()).Where(e => e.Id > after)
                        .OrderBy(e => e.Id).Take(ReadBatch).ToListAsync(cancellationToken);
                    foreach (var entry in batch)
                    {
                        var data = JsonSerializer.Serialize(FeedEvent.From(entry), Json);
                        await http.Response.WriteAsync(
                            $"id: {entry.Id}\nevent: {entry.Kind}\ndata: {data}\n\n", cancellationToken);
                        lastId = entry.Id;
                    }
                    if (batch.Count > 0)
                    {
                        await http.Response.Body.FlushAsync(cancellationToken);
                        quietSince = DateTimeOffset.UtcNow;
                    }
                }
                while (batch.Count == ReadBatch);

                var untilHeartbeat = options.Heartbeat - (DateTimeOffset.UtcNow - quietSince);
                if (untilHeartbeat <= TimeSpan.Zero)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await http.Response.Body.FlushAsync(cancellationToken);
                    quietSince = DateTimeOffset.UtcNow;
                    continue;
                }
                var wait = untilHeartbeat < Recheck ? untilHeartbeat : Recheck;
                await Task.WhenAny(next, Task.Delay(wait, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
    }

    private static long? LastEventId(HttpContext http) =>
        long.TryParse(http.Request.Headers["Last-Event-ID"], out var id) && id >= 0 ? id : null;

    /// <summary>Kinds from <c>?kind=a&amp;kind=b</c> or <c>?kind=a,b</c>; an unknown one is a 400 naming it.</summary>
    private static string[] Kinds(StringValues values)
    {
        var kinds = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries
            | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToArray();
        var unknown = kinds.Where(k => !FeedKinds.IsKnown(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationException("kind", $"unknown kind(s) {string.Join(", ", unknown.Select(k =>
                $"'{(k.Length > 60 ? k[..60] + "..." : k)}'"))}; known kinds: {string.Join(", ", FeedKinds.All)}.");
        }
        return kinds;
    }

    private sealed record Filter(string? InitiativeId, string? ErrandId, string[] Kinds)
    {
        public IQueryable<FeedEntry> Apply(IQueryable<FeedEntry> entries)
        {
            if (InitiativeId is { } initiative) entries = entries.Where(e => e.InitiativeId == initiative);
            if (ErrandId is { } errand) entries = entries.Where(e => e.ErrandId == errand);
            if (Kinds.Length > 0)
            {
                var kinds = Kinds;
                entries = entries.Where(e => kinds.Contains(e.Kind));
            }
            return entries;
        }
    }
}
