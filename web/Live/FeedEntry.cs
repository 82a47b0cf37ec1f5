using System.Text.Json;

namespace Codewalkers.Web.Live;

/// <summary>One entry of the activity feed (docs/events.md): what happened, to which ids.</summary>
public sealed record FeedEntry(
    long Id,
    string Kind,
    Guid? InitiativeId,
    Guid? PhaseId,
    Guid? TaskId,
    Guid? AgentId,
    Guid? ErrandId,
    JsonElement Data,
    DateTimeOffset OccurredAt)
{
    /// <summary>The part before the dot: agent, task, phase, initiative, errand, chat.</summary>
    public string Subject => Kind.Split('.')[0];
}
