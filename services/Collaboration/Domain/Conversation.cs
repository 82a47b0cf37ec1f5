using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Collaboration.Domain;

public enum ConversationStatus { Pending, Answered, Failed }

/// <summary>
/// A question from one agent to another and, once, its answer. It starts pending; it is answered exactly once, or
/// fails (the agent it was for was deleted, crashed, could not be resumed or stopped again without answering) so the
/// asker stops waiting.
/// </summary>
public sealed class Conversation
{
    /// <summary>A question or answer longer than this is refused: it goes into an agent's prompt.</summary>
    public const int MaxTextBytes = 64 * 1024;

    public string Id { get; private set; } = "";
    public string FromAgentId { get; private set; } = "";
    public string ToAgentId { get; private set; } = "";
    public string? InitiativeId { get; private set; }
    public string? PhaseId { get; private set; }
    public string? TaskId { get; private set; }
    public string Question { get; private set; } = "";
    public string? Answer { get; private set; }
    public ConversationStatus Status { get; private set; }
    public string? FailureReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }

    /// <summary>
    /// The resume of the asked agent this question counted on (its target was stopped when it came, or stopped with it
    /// still pending). Each question wakes its agent at most once: if the agent stops again without answering, the
    /// question fails instead of resuming the agent again, so an agent that never answers is not resumed for ever.
    /// </summary>
    public string? ResumeRequestId { get; private set; }

    private Conversation() { }

    public static Conversation Ask(string id, string fromAgentId, AgentView target, string question, DateTimeOffset now)
    {
        RequireText("question", question);
        if (fromAgentId == target.AgentId) throw new ValidationException("toAgentId", "An agent cannot ask itself.");
        now = now.TruncatedForStorage();
        return new Conversation
        {
            Id = id, FromAgentId = fromAgentId, ToAgentId = target.AgentId, Question = question,
            InitiativeId = target.InitiativeId, PhaseId = target.PhaseId, TaskId = target.TaskId,
            Status = ConversationStatus.Pending, CreatedAt = now, UpdatedAt = now,
        };
    }

    public void Reply(string answer, DateTimeOffset now)
    {
        RequireText("answer", answer);
        if (Status != ConversationStatus.Pending)
        {
            throw new ConflictException(
                $"Conversation '{Id}' is already {Status.ToText()}; it can be answered only once.",
                "Conversation already closed");
        }
        now = now.TruncatedForStorage();
        (Answer, Status, AnsweredAt, UpdatedAt) = (answer, ConversationStatus.Answered, now, now);
    }

    /// <summary>Ends a pending conversation that can no longer be answered; a closed one is left as it is.</summary>
    public bool Fail(string reason, DateTimeOffset now)
    {
        if (Status != ConversationStatus.Pending) return false;
        (Status, FailureReason, UpdatedAt) = (ConversationStatus.Failed, reason, now.TruncatedForStorage());
        return true;
    }

    /// <summary>The target is being resumed for this question (see <see cref="ResumeRequestId"/>).</summary>
    public void CountOn(string resumeRequestId) => ResumeRequestId = resumeRequestId;

    /// <summary>
    /// The resume was refused because the agent runs again anyway: the question waits as if asked while it runs, and
    /// may wake the agent once more when it stops.
    /// </summary>
    public void ForgetResume() => ResumeRequestId = null;

    /// <summary>A question or answer must say something, and fit in an agent's prompt.</summary>
    public static void RequireText(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ValidationException(field, "must not be empty.");
        if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
        {
            throw new ValidationException(field, $"must be at most {MaxTextBytes} bytes (UTF-8).");
        }
    }
}
