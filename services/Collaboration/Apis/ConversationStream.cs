using System.Text.Json;
using Codewalkers.Collaboration.Domain;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.ServiceDefaults.Security;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;
using static Codewalkers.Collaboration.Apis.ConversationsApi;

namespace Codewalkers.Collaboration.Apis;

/// <summary>
/// GET /api/conversations/stream?toAgentId=: server-sent events, one <c>conversation</c> event per pending question
/// to the agent, its id the conversation id: those pending already first (oldest first), then one <c>listening</c>
/// event (<c>{"pending":N}</c>: the catch-up is over, so a client that only looks can stop there), then each new one
/// as it is asked. A comment line every <see cref="Heartbeat"/> keeps proxies from cutting a quiet stream. Each
/// question is sent once per stream; a client that reconnects gets the ones still pending again (it may not have
/// answered them). Like the waiting reads, the stream holds no database connection between reads: it wakes on
/// <see cref="ConversationSignals"/> (a question committed for this agent) or at the re-check interval.
/// </summary>
public static class ConversationStream
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    /// <summary>How often the stream looks at the database when no signal came (a question asked elsewhere).</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapConversationStream(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/conversations/stream", StreamAsync).WithTags("Conversations")
            .WithName("StreamConversations")
            .WithSummary("Server-sent events: the pending questions to an agent, then each new one as it is asked.");
        return routes;
    }

    private static async Task StreamAsync(
        string? toAgentId, HttpContext http, IServiceScopeFactory scopes, ConversationSignals signals,
        CancellationToken cancellationToken)
    {
        var caller = http.GetAgentCaller();
        var agentId = toAgentId ?? caller?.AgentId
            ?? throw new ValidationException("toAgentId", "is required with the API token.");
        if (caller is not null && caller.AgentId != agentId)
        {
            throw new ForbiddenException("An agent listens only for its own questions.");
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.StartAsync(cancellationToken);

        var sent = new HashSet<string>(StringComparer.Ordinal);
        var quietSince = DateTimeOffset.UtcNow;
        var caughtUp = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Taken before the read, so a question committed between the read and the wait still wakes it.
                var signal = signals.Next(ConversationSignals.ForAgent(agentId));
                var fresh = await ReadPendingAsync(scopes, agentId, sent, cancellationToken);
                foreach (var conversation in fresh)
                {
                    sent.Add(conversation.Id);
                    var data = JsonSerializer.Serialize(ConversationResponse.From(conversation), Json);
                    await http.Response.WriteAsync(
                        $"id: {conversation.Id}\nevent: conversation\ndata: {data}\n\n", cancellationToken);
                }
                var wrote = fresh.Count > 0 || !caughtUp;
                if (!caughtUp)
                {
                    await http.Response.WriteAsync(
                        $"event: listening\ndata: {{\"pending\":{fresh.Count}}}\n\n", cancellationToken);
                    caughtUp = true;
                }
                else if (!wrote && DateTimeOffset.UtcNow - quietSince >= Heartbeat)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    wrote = true;
                }
                if (wrote)
                {
                    await http.Response.Body.FlushAsync(cancellationToken);
                    quietSince = DateTimeOffset.UtcNow;
                }
                await Task.WhenAny(signal, Task.Delay(Recheck, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
        catch (IOException) when (http.RequestAborted.IsCancellationRequested) { }
    }

    /// <summary>The pending questions to the agent that this stream has not sent yet, oldest first.</summary>
    private static async Task<List<Conversation>> ReadPendingAsync(
        IServiceScopeFactory scopes, string agentId, HashSet<string> sent, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollaborationDbContext>();
        var pending = await db.Conversations.AsNoTracking()
            .Where(c => c.ToAgentId == agentId && c.Status == ConversationStatus.Pending)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken);
        // Forget what is no longer pending, so a long stream's memory follows the pending set, not its history.
        sent.IntersectWith(pending.Select(c => c.Id));
        return pending.Where(c => !sent.Contains(c.Id)).ToList();
    }
}
