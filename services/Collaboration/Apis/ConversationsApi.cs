using Codewalkers.Collaboration.Domain;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Outbox;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Security;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Apis;

/// <summary>
/// Questions between agents (<c>cw ask | listen | answer</c>). The waiting reads hold no database connection while
/// they wait: they read, then sleep on <see cref="ConversationSignals"/> (set after the commit that changes what
/// they wait for) or a short re-check interval, whichever comes first.
/// </summary>
public static class ConversationsApi
{
    public const int MaxWaitSeconds = 60;

    /// <summary>How often a waiting read looks at the database when no signal came (a change from elsewhere).</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    public sealed record AskRequest(
        string? Question, string? ToAgentId = null, string? TaskId = null, string? PhaseId = null,
        string? FromAgentId = null);

    public sealed record AnswerRequest(string? Answer);

    public sealed record ConversationResponse(
        string Id, string FromAgentId, string ToAgentId, string? InitiativeId, string? PhaseId, string? TaskId,
        string Question, string? Answer, string Status, string? FailureReason, DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt, DateTimeOffset? AnsweredAt)
    {
        public static ConversationResponse From(Conversation c) => new(
            c.Id, c.FromAgentId, c.ToAgentId, c.InitiativeId, c.PhaseId, c.TaskId, c.Question, c.Answer,
            c.Status.ToText(), c.FailureReason, c.CreatedAt, c.UpdatedAt, c.AnsweredAt);
    }

    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/conversations").WithTags("Conversations");
        group.MapPost("/", AskAsync).WithName("AskAgent")
            .WithSummary("Asks another agent, given by agent id, task id or phase id.");
        group.MapGet("/", ListAsync).WithName("ListConversations")
            .WithSummary("Conversations by target, asker and status, oldest first.");
        routes.MapConversationStream();
        group.MapGet("/next", NextAsync).WithName("NextConversation")
            .WithSummary("The oldest pending question to an agent, waiting up to waitSeconds; 204 when none came.");
        group.MapGet("/{id}", GetAsync).WithName("GetConversation")
            .WithSummary("One conversation; with waitSeconds, as soon as it is answered or failed.");
        group.MapPost("/{id}/answer", AnswerAsync).WithName("AnswerConversation")
            .WithSummary("Answers a pending question, once.");
        return routes;
    }

    private static async Task<Created<ConversationResponse>> AskAsync(
        AskRequest request, HttpContext context, CollaborationDbContext db, ConversationSignals signals,
        CancellationToken cancellationToken)
    {
        Conversation.RequireText("question", request.Question);
        var caller = context.GetAgentCaller();
        var from = Asker(caller, request.FromAgentId);
        var targets = new[] { request.ToAgentId, request.TaskId, request.PhaseId }.Count(t => t is not null);
        if (targets != 1)
        {
            throw new ValidationException("toAgentId", "Give exactly one of toAgentId, taskId or phaseId.");
        }
        var target = await ResolveAsync(db, request, from, cancellationToken);
        var conversation = Conversation.Ask(Ids.New(), from, target, request.Question!, DateTimeOffset.UtcNow);
        db.Conversations.Add(conversation);
        // A stopped agent cannot hear it: the resume goes out with the question, in the same commit.
        if (target.WakeFor(conversation, Ids.New()) is { } resume) db.Send(resume, AgentQueues.Commands);
        await db.SaveChangesAsync(cancellationToken);
        signals.Notify(ConversationSignals.ForAgent(conversation.ToAgentId));
        return TypedResults.Created($"/api/conversations/{conversation.Id}", ConversationResponse.From(conversation));
    }

    private static string Asker(AgentCaller? caller, string? fromAgentId)
    {
        if (caller is null)
        {
            return string.IsNullOrWhiteSpace(fromAgentId)
                ? throw new ValidationException("fromAgentId", "is required with the API token.")
                : fromAgentId;
        }
        if (fromAgentId is not null && fromAgentId != caller.AgentId)
        {
            throw new ForbiddenException("An agent asks only as itself.");
        }
        return caller.AgentId;
    }

    private static async Task<AgentView> ResolveAsync(
        CollaborationDbContext db, AskRequest request, string from, CancellationToken cancellationToken)
    {
        if (request.ToAgentId is { } agentId)
        {
            // Tracked: a question to a stopped agent records the resume it sends on the view.
            var agent = await db.Agents.SingleOrDefaultAsync(a => a.AgentId == agentId, cancellationToken);
            if (agent is null || agent.IsDeleted) throw new NotFoundException("Agent", agentId);
            return agent;
        }
        if (request.TaskId is { } taskId)
        {
            var ofTask = await db.Agents.Where(a => a.TaskId == taskId).ToListAsync(cancellationToken);
            return ConversationTargets.Pick(ofTask, from, $"task '{taskId}'");
        }
        var phaseId = request.PhaseId!;
        var ofPhase = await db.Agents.Where(a => a.PhaseId == phaseId).ToListAsync(cancellationToken);
        return ConversationTargets.Pick(ofPhase, from, $"phase '{phaseId}'");
    }

    private static async Task<Ok<ConversationResponse>> GetAsync(
        string id, int? waitSeconds, IServiceScopeFactory scopes, ConversationSignals signals,
        CancellationToken cancellationToken)
    {
        var deadline = Deadline(waitSeconds);
        while (true)
        {
            var signal = signals.Next(ConversationSignals.ForConversation(id));
            var conversation = await ReadAsync(
                scopes, db => db.Conversations.SingleOrDefaultAsync(c => c.Id == id, cancellationToken))
                ?? throw new NotFoundException("Conversation", id);
            var pending = conversation.Status == ConversationStatus.Pending;
            // A conversation closed without a signal (an agent deleted) would otherwise keep its entry for ever.
            if (!pending) signals.Notify(ConversationSignals.ForConversation(id));
            if (!pending || !await WaitAsync(signal, deadline, cancellationToken))
            {
                return TypedResults.Ok(ConversationResponse.From(conversation));
            }
        }
    }

    private static async Task<Results<Ok<ConversationResponse>, NoContent>> NextAsync(
        string? toAgentId, int? waitSeconds, HttpContext context, IServiceScopeFactory scopes,
        ConversationSignals signals, CancellationToken cancellationToken)
    {
        var caller = context.GetAgentCaller();
        var agentId = toAgentId ?? caller?.AgentId
            ?? throw new ValidationException("toAgentId", "is required with the API token.");
        if (caller is not null && caller.AgentId != agentId)
        {
            throw new ForbiddenException("An agent listens only for its own questions.");
        }
        var deadline = Deadline(waitSeconds);
        while (true)
        {
            var signal = signals.Next(ConversationSignals.ForAgent(agentId));
            var oldest = await ReadAsync(scopes, db => db.Conversations
                .Where(c => c.ToAgentId == agentId && c.Status == ConversationStatus.Pending)
                .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
                .FirstOrDefaultAsync(cancellationToken));
            if (oldest is not null) return TypedResults.Ok(ConversationResponse.From(oldest));
            if (!await WaitAsync(signal, deadline, cancellationToken)) return TypedResults.NoContent();
        }
    }

    private static async Task<Ok<ConversationResponse[]>> ListAsync(
        string? toAgentId, string? fromAgentId, string? status, HttpContext context, CollaborationDbContext db,
        CancellationToken cancellationToken)
    {
        var query = db.Conversations.AsNoTracking();
        // An agent sees the conversations it is part of, not everyone's.
        if (context.GetAgentCaller() is { } caller)
            query = query.Where(c => c.FromAgentId == caller.AgentId || c.ToAgentId == caller.AgentId);
        if (toAgentId is not null) query = query.Where(c => c.ToAgentId == toAgentId);
        if (fromAgentId is not null) query = query.Where(c => c.FromAgentId == fromAgentId);
        if (status is not null)
        {
            var wanted = EnumText.Parse<ConversationStatus>("status", status);
            query = query.Where(c => c.Status == wanted);
        }
        var conversations = await query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(conversations.Select(ConversationResponse.From).ToArray());
    }

    private static async Task<Ok<ConversationResponse>> AnswerAsync(
        string id, AnswerRequest request, HttpContext context, CollaborationDbContext db,
        ConversationSignals signals, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException("Conversation", id);
        if (context.GetAgentCaller() is { } caller && caller.AgentId != conversation.ToAgentId)
        {
            throw new ForbiddenException("Only the agent that was asked may answer.");
        }
        conversation.Reply(request.Answer!, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync(cancellationToken);
        signals.Notify(ConversationSignals.ForConversation(id));
        return TypedResults.Ok(ConversationResponse.From(conversation));
    }

    private static DateTimeOffset Deadline(int? waitSeconds)
    {
        var seconds = waitSeconds ?? 0;
        if (seconds is < 0 or > MaxWaitSeconds)
        {
            throw new ValidationException("waitSeconds", $"must be between 0 and {MaxWaitSeconds}.");
        }
        return DateTimeOffset.UtcNow.AddSeconds(seconds);
    }

    /// <summary>One short read in its own scope, so no connection or context stays open across the wait.</summary>
    private static async Task<T> ReadAsync<T>(IServiceScopeFactory scopes, Func<CollaborationDbContext, Task<T>> read)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollaborationDbContext>();
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return await read(db);
    }

    /// <summary>Waits for the signal or the next re-check; false once the deadline has passed.</summary>
    private static async Task<bool> WaitAsync(Task signal, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var left = deadline - DateTimeOffset.UtcNow;
        if (left <= TimeSpan.Zero) return false;
        await Task.WhenAny(signal, Task.Delay(left < Recheck ? left : Recheck, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        return true;
    }
}
