using Codewalkers.SharedKernel;

namespace Codewalkers.Collaboration.Domain.Feed;

/// <summary>
/// One thing that happened, as the activity feed shows it: a <see cref="FeedKinds"/> kind, the ids of what it is
/// about, and a small JSON payload. <see cref="Id"/> increases with every entry, so a reader resumes after the last
/// id it saw (SSE <c>Last-Event-ID</c>). Entries are pruned by age (<see cref="FeedOptions.Retention"/>).
/// </summary>
public sealed class FeedEntry
{
    public long Id { get; private set; }
    public string Kind { get; private set; } = "";
    public string? InitiativeId { get; private set; }
    public string? PhaseId { get; private set; }
    public string? TaskId { get; private set; }
    public string? AgentId { get; private set; }
    public string? ErrandId { get; private set; }
    /// <summary>The kind's own fields as a JSON object (see docs/events.md).</summary>
    public string Payload { get; private set; } = "{}";
    /// <summary>When it happened, as the publishing service says.</summary>
    public DateTimeOffset OccurredAt { get; private set; }
    /// <summary>When the feed stored it (what pruning goes by).</summary>
    public DateTimeOffset RecordedAt { get; private set; }

    private FeedEntry() { }

    public static FeedEntry Create(
        string kind, FeedSubjectIds ids, string payload, DateTimeOffset occurredAt, DateTimeOffset recordedAt) => new()
    {
        Kind = kind, InitiativeId = ids.InitiativeId, PhaseId = ids.PhaseId, TaskId = ids.TaskId,
        AgentId = ids.AgentId, ErrandId = ids.ErrandId, Payload = payload,
        OccurredAt = occurredAt.TruncatedForStorage(), RecordedAt = recordedAt.TruncatedForStorage(),
    };
}

/// <summary>What a feed entry is about; any of them may be missing (an errand's agent has no initiative).</summary>
public sealed record FeedSubjectIds(
    string? InitiativeId = null, string? PhaseId = null, string? TaskId = null, string? AgentId = null,
    string? ErrandId = null);
