namespace Codewalkers.Web.Api;

/// <summary>
/// An inbox item or reply as /api/messages answers (services/Collaboration/Apis/MessageResponse.cs). Names of the
/// initiative, phase and task are null until Planning's event reached the inbox.
/// </summary>
public sealed record InboxMessage(
    string Id, string Kind, string Type, string SenderType, string Content, IReadOnlyList<InboxQuestion>? Questions,
    IReadOnlyDictionary<string, string>? Answers, bool RequiresResponse, string Status, string? StatusReason,
    string? ParentMessageId, string? AgentId, string? AgentName, string? InitiativeId, string? InitiativeName,
    string? PhaseId, string? PhaseName, string? TaskId, string? TaskName, string? ErrandId,
    DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    /// <summary>Questions the user can still answer here (the service refuses the rest with a 409).</summary>
    public bool IsOpenQuestion => Kind == "questions" && Status == "pending";

    /// <summary>A notice still waiting to be seen; marking it read takes it off the pending list.</summary>
    public bool IsUnreadNotice => !RequiresResponse && Status == "pending";
}

/// <summary>One question of an agent's question set; options, when given, are the answers it expects.</summary>
public sealed record InboxQuestion(string Id, string Question, IReadOnlyList<string>? Options);

/// <summary>GET /api/messages/{id} and the reply's answer: the message and its thread, oldest first.</summary>
public sealed record InboxThread(InboxMessage Message, IReadOnlyList<InboxMessage> Thread);

/// <summary>A question one agent asked another (/api/conversations, services/Collaboration/Apis/ConversationsApi.cs).</summary>
public sealed record AgentConversation(
    string Id, string FromAgentId, string ToAgentId, string? InitiativeId, string? TaskId, string Question,
    string? Answer, string Status, string? FailureReason, DateTimeOffset CreatedAt, DateTimeOffset? AnsweredAt);
