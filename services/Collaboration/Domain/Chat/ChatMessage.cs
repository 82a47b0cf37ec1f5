using System.Text.Json;
using Codewalkers.Contracts.Chat;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Collaboration.Domain.Chat;

public enum ChatRole { User, Assistant, System }

/// <summary>
/// One message of a chat session. A user message starts a turn (its id is the turn id); the assistant's reply or a
/// system message with the failure ends it (<see cref="EndsTurn"/>: a turn ends once, a repeated event adds nothing).
/// A reply that edited the plan points at its change set and lists the changes, and can be reverted once.
/// </summary>
public sealed class ChatMessage
{
    public const int MaxContentLength = 20_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Id { get; private set; } = "";
    public string SessionId { get; private set; } = "";
    public ChatRole Role { get; private set; }
    public string Content { get; private set; } = "";
    /// <summary>The turn this message belongs to: a user message's own id, else the user message it answers.</summary>
    public string? TurnId { get; private set; }
    public bool EndsTurn { get; private set; }
    public string? ChangeSetId { get; private set; }
    /// <summary>The change set's edits, as JSON (<see cref="ChatChange"/> list).</summary>
    public string? Changes { get; private set; }
    public bool Reverted { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    private ChatMessage() { }

    public IReadOnlyList<ChatChange> ChangeList =>
        Changes is null ? [] : JsonSerializer.Deserialize<List<ChatChange>>(Changes, Json) ?? [];

    public static ChatMessage FromUser(string id, string sessionId, string? content, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(content))
            throw new ValidationException("content", "is required: the message to the agent.");
        if (content.Length > MaxContentLength)
            throw new ValidationException("content", $"must be at most {MaxContentLength} characters.");
        return New(id, sessionId, ChatRole.User, content, id, now);
    }

    public static ChatMessage Reply(string id, string sessionId, ChatTurnCompleted turn, DateTimeOffset now)
    {
        var message = New(id, sessionId, ChatRole.Assistant, ChatTexts.Reply(turn), turn.TurnId, now);
        message.EndsTurn = true;
        if (turn.ChangeSetId is not null)
        {
            message.ChangeSetId = turn.ChangeSetId;
            message.Changes = JsonSerializer.Serialize(turn.Changes ?? [], Json);
        }
        return message;
    }

    public static ChatMessage Failure(string id, string sessionId, ChatTurnFailed turn, DateTimeOffset now)
    {
        var message = New(id, sessionId, ChatRole.System, ChatTexts.Failed(turn.Problems), turn.TurnId, now);
        message.EndsTurn = true;
        return message;
    }

    public static ChatMessage Assistant(
        string id, string sessionId, string content, string? turnId, DateTimeOffset now) =>
        New(id, sessionId, ChatRole.Assistant, content, turnId, now);

    public static ChatMessage System(string id, string sessionId, string content, string? turnId, DateTimeOffset now) =>
        New(id, sessionId, ChatRole.System, content, turnId, now);

    /// <summary>Marks the reply's change set reverted; only a reply with one that is not reverted yet.</summary>
    public void EnsureRevertable()
    {
        if (ChangeSetId is null)
        {
            throw new ConflictException(
                $"Message '{Id}' changed nothing in the plan: there is no change set to revert.", "Nothing to revert");
        }
        if (Reverted)
        {
            throw new ConflictException(
                $"The change set '{ChangeSetId}' of message '{Id}' was already reverted.", "Already reverted");
        }
    }

    public void MarkReverted() => Reverted = true;

    private static ChatMessage New(
        string id, string sessionId, ChatRole role, string content, string? turnId, DateTimeOffset now) => new()
    {
        Id = id, SessionId = sessionId, Role = role, Content = content, TurnId = turnId,
        CreatedAt = now.TruncatedForStorage(),
    };
}
