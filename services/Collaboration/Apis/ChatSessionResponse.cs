using Codewalkers.Collaboration.Domain.Chat;
using Codewalkers.Contracts.Chat;
using Codewalkers.SharedKernel;

namespace Codewalkers.Collaboration.Apis;

/// <summary>
/// A chat session as the API shows it; <see cref="Messages"/> only where a route says so (get, message).
/// </summary>
public sealed record ChatSessionResponse(
    string Id, string TargetType, string TargetId, string? InitiativeId, string? PhaseId, string? TaskId,
    string Status, string? AgentId, string? AgentName, string TurnState, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, long Version, IReadOnlyList<ChatMessageResponse>? Messages)
{
    public static ChatSessionResponse From(ChatSession s, IEnumerable<ChatMessage>? messages = null) => new(
        s.Id, s.TargetType, s.TargetId, s.InitiativeId, s.PhaseId, s.TaskId, s.Status.ToText(), s.AgentId,
        s.AgentName, s.TurnState.ToText(), s.CreatedAt, s.UpdatedAt, s.Version,
        messages is null ? null : [.. ChatMessageResponse.InOrder(messages)]);
}

/// <summary>One message of a session: <see cref="Changes"/> is empty unless it produced a change set.</summary>
public sealed record ChatMessageResponse(
    string Id, string Role, string Content, string? ChangeSetId, IReadOnlyList<ChatChange> Changes, bool Reverted,
    DateTimeOffset CreatedAt)
{
    public static ChatMessageResponse From(ChatMessage m) =>
        new(m.Id, m.Role.ToText(), m.Content, m.ChangeSetId, m.ChangeList, m.Reverted, m.CreatedAt);

    /// <summary>Oldest first; within one millisecond a turn's user message before what answers it.</summary>
    public static IEnumerable<ChatMessageResponse> InOrder(IEnumerable<ChatMessage> messages) =>
        messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Role != ChatRole.User).Select(From);
}
