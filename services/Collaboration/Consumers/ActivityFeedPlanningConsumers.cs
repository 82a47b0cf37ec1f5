using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Planning;
using Codewalkers.Messaging.Inbox;
using MassTransit;

namespace Codewalkers.Collaboration.Consumers;

// Tasks, phases and initiatives: Planning's Created/Updated events carry the whole entity, so the feed remembers each
// one's last status (FeedSubject) and records only a move to another status, as task.<status> and so on.

internal sealed class ActivityFeedTaskCreatedConsumer(
    CollaborationDbContext db, ILogger<ActivityFeedTaskCreatedConsumer> logger)
    : InboxConsumer<TaskCreated, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(TaskCreated m, ConsumeContext<TaskCreated> context) =>
        !context.Passes(logger, FeedChecks.Problems(m.TaskId, "taskId"))
            ? Task.CompletedTask
            : Db.RememberAsync("task", m.TaskId, m.Status, m.Version, context.CancellationToken);
}

internal sealed class ActivityFeedTaskUpdatedConsumer(
    CollaborationDbContext db, ILogger<ActivityFeedTaskUpdatedConsumer> logger)
    : InboxConsumer<TaskUpdated, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(TaskUpdated m, ConsumeContext<TaskUpdated> context) =>
        !context.Passes(logger, FeedChecks.Problems(m.TaskId, "taskId"))
            ? Task.CompletedTask
            : Db.RecordStatusAsync(
                "task", m.TaskId, m.Status, m.Version, new FeedSubjectIds(m.InitiativeId, m.PhaseId, m.TaskId),
                m.Name, m.OccurredAt, context.CancellationToken);
}

internal sealed class ActivityFeedPhaseCreatedConsumer(
    CollaborationDbContext db, ILogger<ActivityFeedPhaseCreatedConsumer> logger)
    : InboxConsumer<PhaseCreated, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(PhaseCreated m, ConsumeContext<PhaseCreated> context) =>
        !context.Passes(logger, FeedChecks.Problems(m.PhaseId, "phaseId"))
            ? Task.CompletedTask
            : Db.RememberAsync("phase", m.PhaseId, m.Status, m.Version, context.CancellationToken);
}

internal sealed class ActivityFeedPhaseUpdatedConsumer(
    CollaborationDbContext db, ILogger<ActivityFeedPhaseUpdatedConsumer> logger)
    : InboxConsumer<PhaseUpdated, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(PhaseUpdated m, ConsumeContext<PhaseUpdated> context) =>
        !context.Passes(logger, FeedChecks.Problems(m.PhaseId, "phaseId"))
            ? Task.CompletedTask
            : Db.RecordStatusAsync(
                "phase", m.PhaseId, m.Status, m.Version, new FeedSubjectIds(m.InitiativeId, m.PhaseId), m.Name,
                m.OccurredAt, context.CancellationToken);
}

internal sealed class ActivityFeedInitiativeCreatedConsumer(
    CollaborationDbContext db, ILogger<ActivityFeedInitiativeCreatedConsumer> logger)
    : InboxConsumer<InitiativeCreated, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(InitiativeCreated m, ConsumeContext<InitiativeCreated> context) =>
        !context.Passes(logger, FeedChecks.Problems(m.InitiativeId, "initiativeId"))
            ? Task.CompletedTask
            : Db.RememberAsync("initiative", m.InitiativeId, m.Status, m.Version, context.CancellationToken);
}

internal sealed class ActivityFeedInitiativeUpdatedConsumer(
    CollaborationDbContext db, ILogger<ActivityFeedInitiativeUpdatedConsumer> logger)
    : InboxConsumer<InitiativeUpdated, CollaborationDbContext>(db)
{
    protected override Task HandleAsync(InitiativeUpdated m, ConsumeContext<InitiativeUpdated> context) =>
        !context.Passes(logger, FeedChecks.Problems(m.InitiativeId, "initiativeId"))
            ? Task.CompletedTask
            : Db.RecordStatusAsync(
                "initiative", m.InitiativeId, m.Status, m.Version, new FeedSubjectIds(m.InitiativeId), m.Name,
                m.OccurredAt, context.CancellationToken);
}

internal static class FeedSubjects
{
    /// <summary>
    /// A created entity's first status is no change worth a feed entry; it is the base the next one moves from.
    /// </summary>
    public static async Task RememberAsync(
        this CollaborationDbContext db, string type, string id, string status, long version,
        CancellationToken cancellationToken)
    {
        var key = Key(type, id);
        var subject = await db.FeedSubjects.FindAsync([key], cancellationToken);
        if (subject is null) db.FeedSubjects.Add(FeedSubject.Create(key, status, version));
        else subject.Move(status, version);
    }

    /// <summary>
    /// Records <c>type.status</c> when the entity moved to another status. An entity the feed never saw (its Created
    /// event came before the feed existed) counts as moved: its status is recorded once, then only changes.
    /// </summary>
    public static async Task RecordStatusAsync(
        this CollaborationDbContext db, string type, string id, string status, long version, FeedSubjectIds ids,
        string name, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        var key = Key(type, id);
        var subject = await db.FeedSubjects.FindAsync([key], cancellationToken);
        string? previous = subject?.Status;
        bool moved;
        if (subject is null)
        {
            db.FeedSubjects.Add(FeedSubject.Create(key, status, version));
            moved = true;
        }
        else moved = subject.Move(status, version);
        var kind = FeedKinds.ForStatus(type, status);
        if (!moved || kind is null) return;
        await db.RecordAsync(
            kind, ids, new { name, status, previousStatus = previous }, occurredAt, cancellationToken);
    }

    private static string Key(string type, string id) => $"{type}:{id}";
}
