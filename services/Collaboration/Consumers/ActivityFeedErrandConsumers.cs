using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Errands;
using Codewalkers.Messaging.Inbox;
using MassTransit;

namespace Codewalkers.Collaboration.Consumers;

// Errands: every status change (a start included) is an event of its own and carries the whole errand, so each
// becomes errand.<new status> with no lookup; the errand's version keeps a redelivered or late one out of the feed.

/// <summary>An errand started or moved: <c>errand.&lt;new status&gt;</c>, about the errand and its agent.</summary>
internal sealed class ActivityFeedErrandStatusConsumer(
    CollaborationDbContext db, ILogger<ActivityFeedErrandStatusConsumer> logger)
    : InboxConsumer<ErrandStatusChanged, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(ErrandStatusChanged m, ConsumeContext<ErrandStatusChanged> context)
    {
        string[] problems = [.. FeedChecks.Problems(m.ErrandId, "errandId"),
            .. m.AgentId is null ? [] : FeedChecks.Problems(m.AgentId)];
        if (!context.Passes(logger, problems)) return;
        // A newer publisher's status: nothing the vocabulary can name.
        if (FeedKinds.ForStatus("errand", m.To) is not { } kind) return;
        if (!await Db.AdvanceErrandAsync(m.ErrandId, m.To, m.Version, context.CancellationToken)) return;
        await Db.RecordAsync(
            kind, new FeedSubjectIds(AgentId: m.AgentId, ErrandId: m.ErrandId),
            new { m.ErrandId, m.ProjectId, m.Description, m.Branch, m.BaseBranch, m.From, m.To },
            m.OccurredAt, context.CancellationToken);
    }
}

/// <summary>An errand's record is gone: <c>errand.deleted</c>.</summary>
internal sealed class ActivityFeedErrandDeletedConsumer(
    CollaborationDbContext db, ILogger<ActivityFeedErrandDeletedConsumer> logger)
    : InboxConsumer<ErrandDeleted, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(ErrandDeleted m, ConsumeContext<ErrandDeleted> context)
    {
        if (!context.Passes(logger, FeedChecks.Problems(m.ErrandId, "errandId"))) return;
        if (!await Db.AdvanceErrandAsync(m.ErrandId, "deleted", m.Version, context.CancellationToken)) return;
        await Db.RecordAsync(
            FeedKinds.ErrandDeleted, new FeedSubjectIds(ErrandId: m.ErrandId), new { m.ErrandId, m.ProjectId },
            m.OccurredAt, context.CancellationToken);
    }
}

internal static class ErrandFeedSubjects
{
    /// <summary>
    /// Moves the errand's remembered state to <paramref name="version"/>; false when the feed has seen that version
    /// or a later one (the event is recorded already, or is older than what is).
    /// </summary>
    public static async Task<bool> AdvanceErrandAsync(
        this CollaborationDbContext db, string errandId, string status, long version,
        CancellationToken cancellationToken)
    {
        var key = $"errand:{errandId}";
        var subject = await db.FeedSubjects.FindAsync([key], cancellationToken);
        if (subject is null)
        {
            db.FeedSubjects.Add(FeedSubject.Create(key, status, version));
            return true;
        }
        if (version <= subject.Version) return false;
        subject.Move(status, version);
        return true;
    }
}
