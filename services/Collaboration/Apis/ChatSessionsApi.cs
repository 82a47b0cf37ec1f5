using Codewalkers.Collaboration.Domain.Chat;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Chat;
using Codewalkers.Contracts.Planning;
using Codewalkers.Messaging.Outbox;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Validation;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Apis;

/// <summary>
/// Chat sessions about a phase or a task (docs/chat.md). A user message is stored and, in the same commit, a
/// <see cref="StartChatTurn"/> goes to Planning through the outbox; the reply comes back as events
/// (Consumers/ChatTurnConsumers.cs). Reverting a reply's change set asks Planning over HTTP: the user waits for it.
/// </summary>
public static class ChatSessionsApi
{
    public sealed record OpenRequest(string? TargetType, string? TargetId);

    public sealed record MessageRequest(string? Content);

    public static IEndpointRouteBuilder MapChatSessionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/chat-sessions").WithTags("Chat sessions").CheckRequestShapes();
        group.MapPost("/", OpenAsync).WithName("OpenChatSession")
            .WithSummary("Opens a chat on a phase or task: 201 a new session, or 200 the target's active one.");
        group.MapGet("/", ListAsync).WithName("ListChatSessions")
            .WithSummary("Sessions (without messages), newest activity first, by target and status.");
        group.MapGet("/{id}", GetAsync).WithName("GetChatSession")
            .WithSummary("One session with its messages, oldest first.");
        group.MapPost("/{id}/messages", PostMessageAsync).WithName("PostChatMessage")
            .WithSummary("Sends a message to the session's agent (202: the reply arrives as a later message).");
        group.MapPost("/{id}/close", CloseAsync).WithName("CloseChatSession")
            .WithSummary("Closes the session.");
        group.MapPost("/{id}/reopen", ReopenAsync).WithName("ReopenChatSession")
            .WithSummary("Reopens a closed session; its next message starts a new agent with the history.");
        group.MapPost("/{id}/messages/{messageId}/revert", RevertAsync).WithName("RevertChatMessage")
            .WithSummary("Reverts the change set a reply applied; 409 when a later change would be overwritten.");
        return routes;
    }

    private static async Task<Results<Created<ChatSessionResponse>, Ok<ChatSessionResponse>>> OpenAsync(
        OpenRequest request, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        if (!ChatTarget.IsType(request.TargetType))
        {
            throw new ValidationException("targetType",
                $"must be one of {string.Join(", ", ChatTargets.All)} (the entity to chat about).");
        }
        if (!Ids.IsValid(request.TargetId))
            throw new ValidationException("targetId", $"is required: the id of the {request.TargetType}.");
        if (await ActiveAsync(db, request.TargetType!, request.TargetId!, cancellationToken) is { } active)
            return TypedResults.Ok(ChatSessionResponse.From(active));
        var target = await ChatTargetLookup.FindAsync(db, request.TargetType!, request.TargetId!, cancellationToken);
        var session = ChatSession.Open(Ids.New(), target, DateTimeOffset.UtcNow);
        db.ChatSessions.Add(session);
        try { await db.SaveChangesAsync(cancellationToken); }
        catch (DbUpdateException)
        {
            // Another open of the same target won the race (the unique index of active sessions): reuse its session.
            db.ChangeTracker.Clear();
            var winner = await ActiveAsync(db, target.Type, target.Id, cancellationToken);
            if (winner is null) throw;
            return TypedResults.Ok(ChatSessionResponse.From(winner));
        }
        return TypedResults.Created($"/api/chat-sessions/{session.Id}", ChatSessionResponse.From(session));
    }

    private static async Task<Ok<ChatSessionResponse[]>> ListAsync(
        string? targetType, string? targetId, string? status, CollaborationDbContext db,
        CancellationToken cancellationToken)
    {
        var query = db.ChatSessions.AsNoTracking();
        if (targetType is not null)
        {
            if (!ChatTarget.IsType(targetType))
                throw new ValidationException("targetType", $"must be one of {string.Join(", ", ChatTargets.All)}.");
            query = query.Where(s => s.TargetType == targetType);
        }
        if (targetId is not null) query = query.Where(s => s.TargetId == targetId);
        if (status is not null)
        {
            var wanted = EnumText.Parse<ChatSessionStatus>("status", status);
            query = query.Where(s => s.Status == wanted);
        }
        var sessions = await query.ToListAsync(cancellationToken);
        return TypedResults.Ok(sessions.OrderByDescending(s => s.UpdatedAt).ThenBy(s => s.Id)
            .Select(s => ChatSessionResponse.From(s)).ToArray());
    }

    private static async Task<Ok<ChatSessionResponse>> GetAsync(
        string id, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        var session = await db.ChatSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new NotFoundException("Chat session", id);
        return TypedResults.Ok(await WithMessagesAsync(db, session, cancellationToken));
    }

    private static async Task<Accepted<ChatSessionResponse>> PostMessageAsync(
        string id, MessageRequest request, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        var session = await FindAsync(db, id, cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var message = ChatMessage.FromUser(Ids.New(), session.Id, request.Content, now);
        var agentId = await LiveAgentAsync(db, session, cancellationToken);
        // A new agent knows nothing of the session: it is given every earlier message. A live one remembers them.
        var history = agentId is not null ? null : await HistoryAsync(db, session, cancellationToken);
        session.StartTurn(message.Id, now);
        await db.AddChatMessageAsync(session, message, cancellationToken);
        db.Send(new StartChatTurn(message.Id, session.Id, session.TargetType, session.TargetId, message.Content,
            agentId, history), PlanningQueues.Commands);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/chat-sessions/{session.Id}",
            await WithMessagesAsync(db, session, cancellationToken));
    }

    private static async Task<Ok<ChatSessionResponse>> CloseAsync(
        string id, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        var session = await FindAsync(db, id, cancellationToken);
        if (session.Close(DateTimeOffset.UtcNow))
        {
            await db.RecordClosedAsync(session, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.Ok(ChatSessionResponse.From(session));
    }

    private static async Task<Ok<ChatSessionResponse>> ReopenAsync(
        string id, CollaborationDbContext db, CancellationToken cancellationToken)
    {
        var session = await FindAsync(db, id, cancellationToken);
        if (session.Status == ChatSessionStatus.Closed
            && await ActiveAsync(db, session.TargetType, session.TargetId, cancellationToken) is { } other)
        {
            throw new ConflictException(
                $"Chat session '{other.Id}' of {session.TargetType} '{session.TargetId}' is active; a target has one "
                + "active session at a time: close it first, or continue in it.", "Another session is active");
        }
        if (session.Reopen(DateTimeOffset.UtcNow)) await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ChatSessionResponse.From(session));
    }

    private static async Task<Ok<ChatMessageResponse>> RevertAsync(
        string id, string messageId, CollaborationDbContext db, PlanChangesClient planning,
        CancellationToken cancellationToken)
    {
        var session = await db.ChatSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new NotFoundException("Chat session", id);
        var message = await db.ChatMessages
            .FirstOrDefaultAsync(m => m.Id == messageId && m.SessionId == id, cancellationToken)
            ?? throw new NotFoundException("Chat message", messageId);
        message.EnsureRevertable();
        await planning.RevertChangeSetAsync(message.ChangeSetId!, cancellationToken);
        message.MarkReverted();
        var now = DateTimeOffset.UtcNow;
        await db.AddChatMessageAsync(session,
            ChatMessage.System(Ids.New(), session.Id, ChatTexts.Reverted(message), null, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ChatMessageResponse.From(message));
    }

    private static async Task<ChatSession> FindAsync(
        CollaborationDbContext db, string id, CancellationToken cancellationToken) =>
        await db.ChatSessions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new NotFoundException("Chat session", id);

    private static Task<ChatSession?> ActiveAsync(
        CollaborationDbContext db, string targetType, string targetId, CancellationToken cancellationToken) =>
        db.ChatSessions.AsNoTracking().FirstOrDefaultAsync(
            s => s.TargetType == targetType && s.TargetId == targetId && s.Status == ChatSessionStatus.Active,
            cancellationToken);

    /// <summary>
    /// The session's agent when it can be resumed: known, and neither crashed nor deleted as far as the agent read
    /// model knows (the consumers forget such an agent too; this covers the event that is still on its way).
    /// </summary>
    private static async Task<string?> LiveAgentAsync(
        CollaborationDbContext db, ChatSession session, CancellationToken cancellationToken)
    {
        if (session.AgentId is null) return null;
        var agent = await db.Agents.AsNoTracking()
            .FirstOrDefaultAsync(a => a.AgentId == session.AgentId, cancellationToken);
        return agent is { IsDeleted: true } or { Status: Contracts.Agents.AgentStatuses.Crashed }
            ? null : session.AgentId;
    }

    private static async Task<IReadOnlyList<ChatHistoryLine>> HistoryAsync(
        CollaborationDbContext db, ChatSession session, CancellationToken cancellationToken)
    {
        var earlier = await db.ChatMessages.AsNoTracking().Where(m => m.SessionId == session.Id)
            .ToListAsync(cancellationToken);
        return [.. ChatMessageResponse.InOrder(earlier).Select(m => new ChatHistoryLine(m.Role, m.Content))];
    }

    private static async Task<ChatSessionResponse> WithMessagesAsync(
        CollaborationDbContext db, ChatSession session, CancellationToken cancellationToken)
    {
        var messages = await db.ChatMessages.AsNoTracking().Where(m => m.SessionId == session.Id)
            .ToListAsync(cancellationToken);
        return ChatSessionResponse.From(session, messages);
    }
}
