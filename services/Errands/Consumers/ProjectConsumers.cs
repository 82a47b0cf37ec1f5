using Codewalkers.Contracts.Projects;
using Codewalkers.Errands.Domain;
using Codewalkers.Errands.Infrastructure;
using Codewalkers.Messaging.Inbox;
using MassTransit;

namespace Codewalkers.Errands.Consumers;

internal sealed class ProjectRegisteredConsumer(ErrandsDbContext db, ILogger<ProjectRegisteredConsumer> logger)
    : InboxConsumer<ProjectRegistered, ErrandsDbContext>(db)
{
    protected override Task HandleAsync(ProjectRegistered message, ConsumeContext<ProjectRegistered> context) =>
        ProjectMessages.IsValid(logger, context, message.ProjectId, message.Name, message.Url, message.DefaultBranch)
            ? Db.UpsertProjectAsync(message.ProjectId, message.Name, message.Url, message.DefaultBranch, message.Version, context.CancellationToken)
            : Task.CompletedTask;
}

internal sealed class ProjectUpdatedConsumer(ErrandsDbContext db, ILogger<ProjectUpdatedConsumer> logger)
    : InboxConsumer<ProjectUpdated, ErrandsDbContext>(db)
{
    protected override Task HandleAsync(ProjectUpdated message, ConsumeContext<ProjectUpdated> context) =>
        ProjectMessages.IsValid(logger, context, message.ProjectId, message.Name, message.Url, message.DefaultBranch)
            ? Db.UpsertProjectAsync(message.ProjectId, message.Name, message.Url, message.DefaultBranch, message.Version, context.CancellationToken)
            : Task.CompletedTask;
}

internal sealed class ProjectDeletedConsumer(ErrandsDbContext db, ILogger<ProjectDeletedConsumer> logger)
    : InboxConsumer<ProjectDeleted, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(ProjectDeleted message, ConsumeContext<ProjectDeleted> context)
    {
        if (!ProjectMessages.IsValidId(logger, context, message.ProjectId)) return;
        var existing = await Db.Projects.FindAsync([message.ProjectId], context.CancellationToken);
        if (existing is null) Db.Projects.Add(ProjectView.Tombstone(message.ProjectId, message.Version));
        else existing.Delete(message.Version);
    }
}

internal static class ProjectProjection
{
    public static async Task UpsertProjectAsync(
        this ErrandsDbContext db, string id, string name, string url, string defaultBranch, long version, CancellationToken cancellationToken)
    {
        var existing = await db.Projects.FindAsync([id], cancellationToken);
        if (existing is null) db.Projects.Add(ProjectView.Create(id, name, url, defaultBranch, version));
        else existing.Apply(name, url, defaultBranch, version);
    }
}

/// <summary>
/// Project events are checked against <see cref="ProjectRules"/> before they are applied: anyone who can reach the broker
/// could have published one. A message that fails is ignored (acknowledged, not faulted: a redelivery would fail the
/// same way) and logged with the fields that failed, never their values (a url may carry a credential).
/// </summary>
internal static class ProjectMessages
{
    public static bool IsValid<T>(ILogger logger, ConsumeContext<T> context, string? id, string? name, string? url, string? defaultBranch)
        where T : class => Check(logger, context, ProjectRules.Problems(id, name, url, defaultBranch).Keys);

    public static bool IsValidId<T>(ILogger logger, ConsumeContext<T> context, string? id) where T : class =>
        Check(logger, context, ProjectRules.IdProblem(id) is null ? [] : ["id"]);

    private static bool Check<T>(ILogger logger, ConsumeContext<T> context, ICollection<string> fields) where T : class
    {
        if (fields.Count == 0) return true;
        logger.LogWarning("Ignored {MessageType} {MessageId}: its {Fields} break the project rules.",
            typeof(T).Name, context.MessageId, string.Join(", ", fields));
        return false;
    }
}
