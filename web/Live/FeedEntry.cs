using System.Text.Json;

namespace Codewalkers.Web.Live;

/// <summary>One entry of the activity feed (docs/events.md): what happened, to which ids (21-character ids).</summary>
public sealed record FeedEntry(
    long Id,
    string Kind,
    string? InitiativeId,
    string? PhaseId,
    string? TaskId,
    string? AgentId,
    string? ErrandId,
    JsonElement Data,
    DateTimeOffset OccurredAt)
{
    /// <summary>The part before the dot: agent, task, phase, initiative, errand, chat.</summary>
    public string Subject => Kind.Split('.')[0];

    /// <summary>A text field of the kind's payload (named as the API spells it), or null when it has none.</summary>
    public string? Text(string name) =>
        Data.ValueKind == JsonValueKind.Object
        && Data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;
}
