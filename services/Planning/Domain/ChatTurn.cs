namespace Codewalkers.Planning.Domain;

public enum ChatTurnStatus { Working, Completed, Failed, Asked }

/// <summary>
/// One user message of a chat session (its id is Collaboration's message id, the TurnId) and what Planning made of
/// it: the chat assignment whose agent answers it, and, once done, the change set holding its edits. The row makes
/// StartChatTurn idempotent and tells an AgentCompleted of the chat agent which turn it ends (the open one).
/// <see cref="Outputs"/> remembers the output files the agent had written when the turn ended: the files stay in the
/// agent's .cw/output/ across resumes, and a file a later turn finds unchanged was applied already.
/// </summary>
public sealed class ChatTurn
{
    public const int MaxErrorLength = AgentAssignment.MaxErrorLength;

    public string Id { get; private set; } = "";
    public string SessionId { get; private set; } = "";
    /// <summary>The chat assignment; null when the turn was refused before any agent was asked.</summary>
    public string? AssignmentId { get; private set; }
    public ChatTurnStatus Status { get; private set; }
    public string? ChangeSetId { get; private set; }
    public string? Error { get; private set; }
    /// <summary>JSON object: each output path to the SHA-256 of its content, as the turn's end found them.</summary>
    public string? Outputs { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    private ChatTurn() { }

    public static ChatTurn Start(string turnId, string sessionId, string assignmentId, DateTimeOffset now) => new()
    {
        Id = turnId, SessionId = sessionId, AssignmentId = assignmentId, Status = ChatTurnStatus.Working,
        CreatedAt = now,
    };

    public static ChatTurn Refused(string turnId, string sessionId, string reason, DateTimeOffset now)
    {
        var turn = new ChatTurn { Id = turnId, SessionId = sessionId, CreatedAt = now };
        turn.Fail(reason, now);
        return turn;
    }

    public bool IsWorking => Status == ChatTurnStatus.Working;

    public void Complete(string? changeSetId, string outputs, DateTimeOffset now)
    {
        Status = ChatTurnStatus.Completed;
        ChangeSetId = changeSetId;
        Outputs = outputs;
        FinishedAt = now;
    }

    /// <summary>The agent asked questions: the turn ends, the user's answer comes as the next turn.</summary>
    public void Asked(DateTimeOffset now)
    {
        Status = ChatTurnStatus.Asked;
        FinishedAt = now;
    }

    public void Fail(string reason, DateTimeOffset now)
    {
        Status = ChatTurnStatus.Failed;
        Error = StorableText.Text(reason, MaxErrorLength) is { Length: > 0 } text ? text : "(no details)";
        FinishedAt = now;
    }
}
