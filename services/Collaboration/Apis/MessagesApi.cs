using Codewalkers.Collaboration.Domain;
using Codewalkers.Collaboration.Domain.Inbox;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Outbox;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Apis;

/// <summary>
/// The user's inbox: items raised from events (an agent's questions, tasks finished or blocked, agents crashed, phases
/// waiting for review) and the user's replies in their threads. Answering questions resumes the agent through one
/// owner: a <see cref="ResumeAgent"/> command to the Agents service, written to the outbox in the reply's commit.
/// </summary>
public static class MessagesApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public sealed record ReplyRequest(string? Body = null, Dictionary<string, string>? Answers = null);

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/messages").WithTags("Messages");
        group.MapGet("/", ListAsync).WithName("ListMessages")
            .WithSummary("Inbox items (not replies), newest first, filtered and paged.");
        group.MapGet("/{id}", GetAsync).WithName("GetMessage")
            .WithSummary("One message with its thread (the item, then its replies).");
        group.MapPost("/{id}/reply", ReplyAsync).WithName("ReplyToMessage")
            .WithSummary("Answers an agent's questions (by question id, or a body for a single question).");
        group.MapPost("/{id}/read", ReadAsync).WithName("MarkMessageRead")
            .WithSummary("Marks an item read; a notice leaves the pending list.");
        return routes;
    }

    private static async Task<Ok<MessageResponse[]>> ListAsync(
        bool? pendingForUser, bool? requiresResponse, string? initiativeId, string? phaseId, string? taskId,
        string? agentId, string? errandId, string? kind, string? status, int? limit, int? offset,
        CollaborationDbContext db, CancellationToken cancellationToken)
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit) throw new ValidationException("limit", $"must be between 1 and {MaxLimit}.");
        if (offset is < 0) throw new ValidationException("offset", "must not be negative.");
        var query = db.Messages.AsNoTracking().Where(m => m.ParentMessageId == null);
        if (pendingForUser is { } pending)
        {
            query = pending
                ? query.Where(m => m.RecipientType == Party.User && m.Status == MessageStatus.Pending)
                : query.Where(m => m.RecipientType != Party.User || m.Status != MessageStatus.Pending);
        }
        if (requiresResponse is { } requires) query = query.Where(m => m.RequiresResponse == requires);
        if (initiativeId is not null) query = query.Where(m => m.InitiativeId == initiativeId);
        if (phaseId is not null) query = query.Where(m => m.PhaseId == phaseId);
        if (taskId is not null) query = query.Where(m => m.TaskId == taskId);
        if (agentId is not null) query = query.Where(m => m.AgentId == agentId);
        if (errandId is not null) query = query.Where(m => m.ErrandId == errandId);
        if (kind is not null)
        {
            var wanted = EnumText.Parse<MessageKind>("kind", kind);
            query = query.Where(m => m.Kind == wanted);
        }
        if (status is not null)
        {
            var wanted = EnumText.Parse<MessageStatus>("status", status);
            query = query.Where(m => m.Status == wanted);
        }
        var page = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip(offset ?? 0).Take(take).ToListAsync(cancellationToken);
        return TypedResults.Ok(await MessageResponse.FromAsync(db, page, cancellationToken));
    }

    private static async Task<Ok<MessageThreadResponse>> GetAsync(
        string id, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        var message = await db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw new NotFoundException("Message", id);
        var rootId = message.ParentMessageId ?? message.Id;
        var thread = await db.Messages.AsNoTracking().Where(m => m.Id == rootId || m.ParentMessageId == rootId)
            .ToListAsync(cancellationToken);
        var ordered = thread.OrderBy(m => m.ParentMessageId is not null).ThenBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .ToList();
        var responses = await MessageResponse.FromAsync(db, ordered, cancellationToken);
        return TypedResults.Ok(new MessageThreadResponse(responses.Single(r => r.Id == id), responses));
    }

    private static async Task<Created<MessageThreadResponse>> ReplyAsync(
        string id, ReplyRequest? request, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        var item = await db.Messages.SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw new NotFoundException("Message", id);
        var answers = Answers(item, request);
        if (item.IsOpenQuestion) await EnsureWaitingAsync(db, item, cancellationToken);
        var reply = item.Answer(Ids.New(), answers, DateTimeOffset.UtcNow);
        db.Messages.Add(reply);
        // The one owner of resumes is the Agents service; the request id is the reply's, so a refusal finds it.
        db.Send(new ResumeAgent(reply.Id, item.AgentId!, ResumeReasons.Answers, answers), AgentQueues.Commands);
        await db.SaveChangesAsync(cancellationToken);
        var responses = await MessageResponse.FromAsync(db, [item, reply], cancellationToken);
        return TypedResults.Created($"/api/messages/{reply.Id}", new MessageThreadResponse(responses[1], responses));
    }

    private static async Task<Ok<MessageResponse>> ReadAsync(
        string id, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        var message = await db.Messages.SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw new NotFoundException("Message", id);
        message.MarkRead(DateTimeOffset.UtcNow);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok((await MessageResponse.FromAsync(db, [message], cancellationToken))[0]);
    }

    /// <summary>
    /// The answers of a reply: by question id, or a body that answers the item's only question. Exactly one of them.
    /// </summary>
    private static Dictionary<string, string> Answers(Message item, ReplyRequest? request)
    {
        if (request?.Answers is { Count: > 0 } answers)
        {
            if (request.Body is not null)
                throw new ValidationException("body", "Give either a body or answers by question id, not both.");
            return answers;
        }
        Message.RequireBody("body", request?.Body);
        var questions = item.QuestionList;
        if (questions.Count > 1)
        {
            throw new ValidationException("answers", "This message asks several questions "
                + $"({string.Join(", ", questions.Select(q => q.Id))}): answer them by id.");
        }
        return new Dictionary<string, string> { [questions.Count == 1 ? questions[0].Id : "q1"] = request!.Body! };
    }

    /// <summary>
    /// The agent must still wait for these answers: not deleted, and not moved on since it asked (a newer version
    /// that is not waiting_for_input). An agent the read model has not seen yet is taken at the item's word.
    /// </summary>
    private static async Task EnsureWaitingAsync(
        CollaborationDbContext db, Message item, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.AsNoTracking().SingleOrDefaultAsync(a => a.AgentId == item.AgentId,
            cancellationToken);
        if (agent is null) return;
        if (agent.IsDeleted)
            throw new ConflictException($"Agent {agent.Name} was deleted; it waits for no answers.", "Agent gone");
        if (agent.Version > item.AgentVersion && agent.Status != AgentStatuses.WaitingForInput)
        {
            throw new ConflictException(
                $"Agent {agent.Name} is {agent.Status}; it no longer waits for these answers.", "Agent not waiting");
        }
    }
}
