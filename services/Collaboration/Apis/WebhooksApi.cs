using Codewalkers.Collaboration.Domain.Webhooks;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Security;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Apis;

/// <summary>
/// /api/webhooks: receivers the user registers for chosen feed kinds. The secret that signs their deliveries is in the
/// answer to the creation only. People only: an agent token gets a 403.
/// </summary>
public static class WebhooksApi
{
    public const int MaxDeliveries = 200;

    public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Kinds, string? Description = null);

    public sealed record WebhookResponse(
        string Id, string Url, IReadOnlyList<string> Kinds, string? Description, DateTimeOffset CreatedAt)
    {
        public static WebhookResponse From(Webhook w) => new(w.Id, w.Url, w.Kinds, w.Description, w.CreatedAt);
    }

    /// <summary>The creation's answer: the one time the secret is shown.</summary>
    public sealed record CreatedWebhookResponse(
        string Id, string Url, IReadOnlyList<string> Kinds, string? Description, DateTimeOffset CreatedAt,
        string Secret);

    public sealed record DeliveryResponse(
        string Id, string WebhookId, long EventId, string Kind, string Status, int Attempts, DateTimeOffset CreatedAt,
        DateTimeOffset? NextAttemptAt, DateTimeOffset? LastAttemptAt, int? LastStatusCode, string? LastError,
        DateTimeOffset? DeliveredAt)
    {
        public static DeliveryResponse From(WebhookDelivery d) => new(
            d.Id, d.WebhookId, d.FeedEntryId, d.Kind, d.Status.ToText(), d.Attempts, d.CreatedAt,
            d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.LastAttemptAt, d.LastStatusCode,
            d.LastError, d.DeliveredAt);
    }

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/webhooks").WithTags("Webhooks");
        group.MapPost("/", CreateAsync).WithName("CreateWebhook")
            .WithSummary("Registers a receiver for chosen event kinds; the answer carries its signing secret, once.");
        group.MapGet("/", ListAsync).WithName("ListWebhooks").WithSummary("Every webhook, oldest first.");
        group.MapGet("/{id}", GetAsync).WithName("GetWebhook").WithSummary("One webhook (without its secret).");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteWebhook")
            .WithSummary("Removes a webhook and what it was still owed.");
        group.MapGet("/{id}/deliveries", DeliveriesAsync).WithName("ListWebhookDeliveries")
            .WithSummary("A webhook's most recent deliveries, newest first.");
        return routes;
    }

    private static async Task<Created<CreatedWebhookResponse>> CreateAsync(
        CreateWebhookRequest request, HttpContext http, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        PeopleOnly(http);
        var webhook = Webhook.Create(Ids.New(), request.Url, request.Kinds, request.Description, DateTimeOffset.UtcNow);
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/webhooks/{webhook.Id}", new CreatedWebhookResponse(
            webhook.Id, webhook.Url, webhook.Kinds, webhook.Description, webhook.CreatedAt, webhook.Secret));
    }

    private static async Task<Ok<List<WebhookResponse>>> ListAsync(
        HttpContext http, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        PeopleOnly(http);
        var webhooks = await db.Webhooks.AsNoTracking().OrderBy(w => w.CreatedAt).ThenBy(w => w.Id)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(webhooks.Select(WebhookResponse.From).ToList());
    }

    private static async Task<Ok<WebhookResponse>> GetAsync(
        string id, HttpContext http, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        PeopleOnly(http);
        return TypedResults.Ok(WebhookResponse.From(await FindAsync(db, id, cancellationToken)));
    }

    private static async Task<NoContent> DeleteAsync(
        string id, HttpContext http, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        PeopleOnly(http);
        var webhook = await FindAsync(db, id, cancellationToken);
        db.Webhooks.Remove(webhook);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<DeliveryResponse>>> DeliveriesAsync(
        string id, int? limit, HttpContext http, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        PeopleOnly(http);
        var take = limit ?? 50;
        if (take is < 1 or > MaxDeliveries) throw new ValidationException("limit", $"is 1..{MaxDeliveries}.");
        await FindAsync(db, id, cancellationToken);
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.FeedEntryId).Take(take)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(deliveries.Select(DeliveryResponse.From).ToList());
    }

    private static async Task<Webhook> FindAsync(CollaborationDbContext db, string id, CancellationToken ct) =>
        await db.Webhooks.SingleOrDefaultAsync(w => w.Id == id, ct) ?? throw new NotFoundException("Webhook", id);

    private static void PeopleOnly(HttpContext http)
    {
        // AgentScope refuses agent tokens here already; this keeps the rule with the routes it protects.
        if (http.GetAgentCaller() is not null)
            throw new ForbiddenException("Webhooks are the user's; agents do not manage them.");
    }
}
