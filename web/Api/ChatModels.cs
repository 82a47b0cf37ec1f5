namespace Codewalkers.Web.Api;

/// <summary>
/// A chat session (services/Collaboration/Apis/ChatSessionResponse.cs). <see cref="TurnState"/>: idle, working or
/// waiting_for_answers; <see cref="Messages"/> only on a get or a message's answer.
/// </summary>
public sealed record ChatSession(
    string Id, string TargetType, string TargetId, string? InitiativeId, string? PhaseId, string? TaskId,
    string Status, string? AgentId, string? AgentName, string TurnState, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, long Version, IReadOnlyList<ChatMessage>? Messages);

/// <summary>One message; <see cref="Role"/> is user, assistant or system; <see cref="Changes"/> what its change set did.</summary>
public sealed record ChatMessage(
    string Id, string Role, string Content, string? ChangeSetId, IReadOnlyList<ChatChange> Changes, bool Reverted,
    DateTimeOffset CreatedAt);

public sealed record ChatChange(string EntityType, string EntityId, string Action, string Title);
