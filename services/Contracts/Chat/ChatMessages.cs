namespace Codewalkers.Contracts.Chat;

/// <summary>
/// One turn of a chat session (Collaboration -> Planning, on <see cref="Planning.PlanningQueues.Commands"/>): the user's
/// <paramref name="Message"/> to the chat agent of a phase or task. Without <paramref name="AgentId"/> Planning starts a
/// new chat agent with the target's full context and <paramref name="History"/> (a reopened session's earlier
/// messages); with it, the agent's session is resumed with the message. <paramref name="TurnId"/> is the user
/// message's id and the idempotency key. Answered by <see cref="ChatTurnStarted"/>, then <see cref="ChatTurnCompleted"/>
/// or <see cref="ChatTurnFailed"/>.
/// </summary>
public sealed record StartChatTurn(
    string TurnId, string SessionId, string TargetType, string TargetId, string Message, string? AgentId,
    IReadOnlyList<ChatHistoryLine>? History = null);

/// <summary>An earlier message of the session: role user | assistant | system.</summary>
public sealed record ChatHistoryLine(string Role, string Content);

/// <summary>The turn's agent is at work (spawned, or resumed): the session knows whom it talks to.</summary>
public sealed record ChatTurnStarted(
    string TurnId, string SessionId, string AgentId, string AgentName, DateTimeOffset OccurredAt);

/// <summary>
/// The agent answered: <paramref name="Reply"/> (its summary) and, when it edited the plan,
/// the change set that holds every edit (<paramref name="ChangeSetId"/>, revertable) and what it changed.
/// </summary>
public sealed record ChatTurnCompleted(
    string TurnId, string SessionId, string AgentId, string? Reply, string? ChangeSetId,
    IReadOnlyList<ChatChange> Changes, DateTimeOffset OccurredAt);

/// <summary>One edit of a turn: entity type task | phase | page | dependency, action create | update | delete.</summary>
public sealed record ChatChange(string EntityType, string EntityId, string Action, string Title);

/// <summary>
/// The turn made no change: the target cannot be chatted about (unknown, completed), the agent could not start or
/// crashed, or its outputs were refused (<paramref name="Problems"/>: one line each; the plan is unchanged).
/// </summary>
public sealed record ChatTurnFailed(
    string TurnId, string SessionId, string? AgentId, IReadOnlyList<string> Problems, DateTimeOffset OccurredAt);

public static class ChatTargets
{
    public const string Phase = "phase";
    public const string Task = "task";

    public static readonly IReadOnlyList<string> All = [Phase, Task];
}
