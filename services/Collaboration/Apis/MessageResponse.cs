using Codewalkers.Collaboration.Domain.Inbox;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.SharedKernel;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Apis;

/// <summary>
/// One inbox message as the API shows it: the stored fields, its questions and answers as JSON, and the names of its
/// initiative, phase and task from the plan read model (null while Planning's event has not arrived), and the errand
/// whose agent raised it.
/// </summary>
public sealed record MessageResponse(
    string Id, string Kind, string Type, string SenderType, string? SenderId, string RecipientType,
    string? RecipientId, string Content, IReadOnlyList<AgentQuestion>? Questions,
    IReadOnlyDictionary<string, string>? Answers, bool RequiresResponse, string Status, string? StatusReason,
    string? ParentMessageId, string? AgentId, string? AgentName, int? Session, string? InitiativeId,
    string? InitiativeName, string? PhaseId, string? PhaseName, string? TaskId, string? TaskName, string? ErrandId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ReadAt)
{
    private static MessageResponse From(Message m, IReadOnlyDictionary<string, string> names) => new(
        m.Id, m.Kind.ToText(), m.Type.ToText(), m.SenderType.ToText(), m.SenderId, m.RecipientType.ToText(),
        m.RecipientId, m.Content, m.Questions is null ? null : m.QuestionList,
        m.Answers is null ? null
            : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(m.Answers),
        m.RequiresResponse, m.Status.ToText(), m.StatusReason, m.ParentMessageId, m.AgentId, m.AgentName, m.Session,
        m.InitiativeId, Name(names, m.InitiativeId), m.PhaseId, Name(names, m.PhaseId), m.TaskId,
        Name(names, m.TaskId), m.ErrandId, m.CreatedAt, m.UpdatedAt, m.ReadAt);

    /// <summary>The messages with their plan names, read in one query.</summary>
    public static async Task<MessageResponse[]> FromAsync(
        CollaborationDbContext db, IReadOnlyCollection<Message> messages, CancellationToken cancellationToken)
    {
        var ids = messages.SelectMany(m => new[] { m.InitiativeId, m.PhaseId, m.TaskId }).OfType<string>()
            .Distinct().ToList();
        var names = await db.PlanItems.AsNoTracking().Where(p => ids.Contains(p.Id) && p.Name != "")
            .ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        return [.. messages.Select(m => From(m, names))];
    }

    private static string? Name(IReadOnlyDictionary<string, string> names, string? id) =>
        id is not null && names.TryGetValue(id, out var name) ? name : null;
}

/// <summary>One message and its whole thread: the item first, then its replies, oldest first.</summary>
public sealed record MessageThreadResponse(MessageResponse Message, IReadOnlyList<MessageResponse> Thread);
