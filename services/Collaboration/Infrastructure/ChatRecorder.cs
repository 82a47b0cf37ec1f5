using Codewalkers.Collaboration.Domain.Chat;
using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.SharedKernel;

namespace Codewalkers.Collaboration.Infrastructure;

/// <summary>
/// Chat messages and closings with their feed entries: tracked on the same context, so the caller's one commit stores
/// both (the feed never shows a message that is not there, nor misses one).
/// </summary>
public static class ChatRecorder
{
    public static Task AddChatMessageAsync(
        this CollaborationDbContext db, ChatSession session, ChatMessage message, CancellationToken cancellationToken)
    {
        db.ChatMessages.Add(message);
        return db.RecordAsync(FeedKinds.ChatMessageCreated, Subject(session),
            new
            {
                sessionId = session.Id, messageId = message.Id, role = message.Role.ToText(),
                targetType = session.TargetType, targetId = session.TargetId,
            },
            message.CreatedAt, cancellationToken);
    }

    public static Task RecordClosedAsync(
        this CollaborationDbContext db, ChatSession session, CancellationToken cancellationToken) =>
        db.RecordAsync(FeedKinds.ChatSessionClosed, Subject(session),
            new { sessionId = session.Id, targetType = session.TargetType, targetId = session.TargetId },
            session.UpdatedAt, cancellationToken);

    private static FeedSubjectIds Subject(ChatSession session) =>
        new(session.InitiativeId, session.PhaseId, session.TaskId, session.AgentId);
}
