using System.Text.Json;
using Codewalkers.Contracts.Agents;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Collaboration.Domain.Inbox;

/// <summary>What an inbox item is about; a reply is the user's answer in an item's thread.</summary>
public enum MessageKind { Questions, TaskCompleted, TaskBlocked, AgentCrashed, PhasePendingReview, Reply }

/// <summary>The seed's message type: what the UI shows it as.</summary>
public enum MessageType { Question, Info, Error, Response }

/// <summary>
/// pending: waits for the user (unread, or a question not yet answered); read: seen, nothing to answer; responded:
/// the user answered and the agent's resume is on its way; closed: needs nothing any more (the agent was answered
/// another way, stopped or deleted). A reply is sent, or failed when the agent refused the resume.
/// </summary>
public enum MessageStatus { Pending, Read, Responded, Closed, Sent, Failed }

public enum Party { User, Agent, System }

/// <summary>
/// One message of the user's inbox (the seed's <c>messages</c>): an item the system raised from an event (an agent's
/// questions, a task finished or blocked, an agent crashed, a phase waiting for review), or the user's reply in an
/// item's thread (<see cref="ParentMessageId"/>). Items carry the ids of their initiative, phase, task or errand and
/// agent; names are read from the plan read model when shown.
/// </summary>
public sealed class Message
{
    /// <summary>A reply goes into an agent's prompt: longer is refused.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public string Id { get; private set; } = "";
    public MessageKind Kind { get; private set; }
    public MessageType Type { get; private set; }
    public Party SenderType { get; private set; }
    public string? SenderId { get; private set; }
    public Party RecipientType { get; private set; }
    public string? RecipientId { get; private set; }
    public string Content { get; private set; } = "";
    /// <summary>JSON array of <see cref="AgentQuestion"/> (questions items only).</summary>
    public string? Questions { get; private set; }
    /// <summary>JSON object, question id to answer (a reply to questions).</summary>
    public string? Answers { get; private set; }
    public bool RequiresResponse { get; private set; }
    public MessageStatus Status { get; private set; }
    /// <summary>Why it is closed or failed (the Agents service's refusal, "answered another way").</summary>
    public string? StatusReason { get; private set; }
    public string? ParentMessageId { get; private set; }
    public string? AgentId { get; private set; }
    public string? AgentName { get; private set; }
    /// <summary>The agent's version when the item was raised: later agent events tell if it still waits.</summary>
    public long? AgentVersion { get; private set; }
    public int? Session { get; private set; }
    public string? InitiativeId { get; private set; }
    public string? PhaseId { get; private set; }
    public string? TaskId { get; private set; }
    /// <summary>The errand whose agent raised it (its questions are answered in the errand's thread).</summary>
    public string? ErrandId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }

    private Message() { }

    public bool IsOpenQuestion => Kind == MessageKind.Questions && Status == MessageStatus.Pending;

    public IReadOnlyList<AgentQuestion> QuestionList =>
        Questions is null ? [] : JsonSerializer.Deserialize<AgentQuestion[]>(Questions, Json) ?? [];

    /// <summary>An agent's questions: one item per question set, pending until answered or closed.</summary>
    public static Message AgentAsked(string id, AgentQuestionsAsked asked, DateTimeOffset now)
    {
        var item = Item(id, MessageKind.Questions, asked.Context,
            string.Join("\n", asked.Questions.Select(q => $"{q.Id}: {q.Question}")), now);
        (item.Type, item.SenderType, item.SenderId, item.RequiresResponse) =
            (MessageType.Question, Party.Agent, asked.AgentId, true);
        (item.AgentId, item.AgentName, item.AgentVersion, item.Session) =
            (asked.AgentId, asked.Name, asked.Version, asked.Session);
        item.Questions = JsonSerializer.Serialize(asked.Questions, Json);
        return item;
    }

    /// <summary>A notice for the user (nothing to answer): pending until read.</summary>
    public static Message Notice(string id, MessageKind kind, AgentContext context, string content, DateTimeOffset now)
    {
        var item = Item(id, kind, context, content, now);
        item.Type = kind is MessageKind.AgentCrashed or MessageKind.TaskBlocked ? MessageType.Error : MessageType.Info;
        return item;
    }

    /// <summary>The agent the notice is about (who worked the task, who crashed) sent it.</summary>
    public Message FromAgent(string agentId, string name, long version)
    {
        (SenderType, SenderId) = (Party.Agent, agentId);
        (AgentId, AgentName, AgentVersion) = (agentId, name, version);
        return this;
    }

    /// <summary>
    /// The user answers this item's questions: a reply in its thread, and the item responded, in one change. The
    /// caller has checked the agent still waits; the answers are checked here against the questions asked.
    /// </summary>
    public Message Answer(string replyId, IReadOnlyDictionary<string, string> answers, DateTimeOffset now)
    {
        if (Kind != MessageKind.Questions)
        {
            throw new ConflictException(
                $"Message '{Id}' is a {Kind.ToText()} notice; only an agent's questions take a reply.",
                "Message takes no reply");
        }
        if (Status != MessageStatus.Pending)
        {
            throw new ConflictException(
                $"Message '{Id}' is already {Status.ToText()}; its questions are answered once.",
                "Message already answered");
        }
        if (answers.Count == 0) throw new ValidationException("answers", "must answer at least one question.");
        var known = QuestionList.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = answers.Keys.Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationException("answers",
                $"No question of this message has id {string.Join(", ", unknown)} "
                + $"(asked: {string.Join(", ", known)}).");
        }
        foreach (var (questionId, text) in answers) RequireBody($"answers.{questionId}", text);
        var content = string.Join("\n", answers.Select(a => $"{a.Key}: {a.Value}"));
        if (System.Text.Encoding.UTF8.GetByteCount(content) > MaxBodyBytes)
        {
            throw new ValidationException("answers", $"must be at most {MaxBodyBytes} bytes together (UTF-8).");
        }
        now = now.TruncatedForStorage();
        var reply = new Message
        {
            Id = replyId, Kind = MessageKind.Reply, Type = MessageType.Response, SenderType = Party.User,
            RecipientType = Party.Agent, RecipientId = AgentId, Content = content,
            Answers = JsonSerializer.Serialize(answers, Json), Status = MessageStatus.Sent, ParentMessageId = Id,
            AgentId = AgentId, AgentName = AgentName, Session = Session, InitiativeId = InitiativeId,
            PhaseId = PhaseId, TaskId = TaskId, ErrandId = ErrandId, CreatedAt = now, UpdatedAt = now,
        };
        (Status, StatusReason, UpdatedAt, ReadAt) = (MessageStatus.Responded, null, now, ReadAt ?? now);
        return reply;
    }

    /// <summary>A reply the agent refused: failed with the reason, and its item waits for an answer again.</summary>
    public void Refused(string detail, DateTimeOffset now)
    {
        if (Kind != MessageKind.Reply || Status != MessageStatus.Sent) return;
        (Status, StatusReason, UpdatedAt) = (MessageStatus.Failed, detail, now.TruncatedForStorage());
    }

    /// <summary>The item's reply was refused: it is open again, saying why the last answer did not arrive.</summary>
    public void Reopen(string detail, DateTimeOffset now)
    {
        if (Status != MessageStatus.Responded) return;
        (Status, StatusReason, UpdatedAt) = (MessageStatus.Pending, detail, now.TruncatedForStorage());
    }

    /// <summary>The item's reply was refused and the agent no longer waits: closed, saying why.</summary>
    public void Settle(string detail, DateTimeOffset now)
    {
        if (Status != MessageStatus.Responded) return;
        (Status, StatusReason, UpdatedAt) = (MessageStatus.Closed, detail, now.TruncatedForStorage());
    }

    /// <summary>Nothing is to be answered any more; an item already answered or closed stays as it is.</summary>
    public bool Close(string reason, DateTimeOffset now)
    {
        if (Status is not (MessageStatus.Pending or MessageStatus.Read)) return false;
        (Status, StatusReason, UpdatedAt) = (MessageStatus.Closed, reason, now.TruncatedForStorage());
        return true;
    }

    /// <summary>The user has seen it; a notice leaves the pending list, an open question stays pending.</summary>
    public void MarkRead(DateTimeOffset now)
    {
        now = now.TruncatedForStorage();
        ReadAt ??= now;
        if (Status == MessageStatus.Pending && !RequiresResponse) (Status, UpdatedAt) = (MessageStatus.Read, now);
    }

    /// <summary>A reply must say something, and fit in an agent's prompt.</summary>
    public static void RequireBody(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ValidationException(field, "must not be empty.");
        if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxBodyBytes)
        {
            throw new ValidationException(field, $"must be at most {MaxBodyBytes} bytes (UTF-8).");
        }
    }

    private static Message Item(string id, MessageKind kind, AgentContext context, string content, DateTimeOffset now)
    {
        now = now.TruncatedForStorage();
        return new Message
        {
            Id = id, Kind = kind, Type = MessageType.Info, SenderType = Party.System, RecipientType = Party.User,
            Content = content, Status = MessageStatus.Pending, InitiativeId = context.InitiativeId,
            PhaseId = context.PhaseId, TaskId = context.TaskId, ErrandId = context.ErrandId, CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
