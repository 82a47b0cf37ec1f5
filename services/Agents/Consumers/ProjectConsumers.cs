using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Projects;
using Codewalkers.Messaging.Inbox;
using MassTransit;

namespace Codewalkers.Agents.Consumers;

/// <summary>Keeps the projects Agents can clone current from Planning's project events.</summary>
internal sealed class ProjectRegisteredConsumer(AgentsDbContext db, ILogger<ProjectRegisteredConsumer> logger)
    : InboxConsumer<ProjectRegistered, AgentsDbContext>(db)
{
    protected override async Task HandleAsync(ProjectRegistered message, ConsumeContext<ProjectRegistered> context)
    {
        if (!ProjectMessages.IsValid(logger, context, message.ProjectId, message.Name, message.Url, message.DefaultBranch)) return;
        var existing = await Db.Projects.FindAsync([message.ProjectId], context.CancellationToken);
        if (existing is null) Db.Projects.Add(ProjectClone.Create(message.ProjectId, message.Name, message.Url, message.DefaultBranch, message.Version));
        else existing.Apply(message.Name, message.Url, message.DefaultBranch, message.Version);
    }
}

internal sealed class ProjectUpdatedConsumer(AgentsDbContext db, ILogger<ProjectUpdatedConsumer> logger)
    : InboxConsumer<ProjectUpdated, AgentsDbContext>(db)
{
    protected override async Task HandleAsync(ProjectUpdated message, ConsumeContext<ProjectUpdated> context)
    {
        if (!ProjectMessages.IsValid(logger, context, message.ProjectId, message.Name, message.Url, message.DefaultBranch)) return;
        var existing = await Db.Projects.FindAsync([message.ProjectId], context.CancellationToken);
        if (existing is null) Db.Projects.Add(ProjectClone.Create(message.ProjectId, message.Name, message.Url, message.DefaultBranch, message.Version));
        else existing.Apply(message.Name, message.Url, message.DefaultBranch, message.Version);
    }
}

/// <summary>Tombstones the project (a late event cannot revive it) and removes its clone and finished agents' worktrees.</summary>
internal sealed class ProjectDeletedConsumer(AgentsDbContext db, ProjectCleanup cleanup, ILogger<ProjectDeletedConsumer> logger)
    : InboxConsumer<ProjectDeleted, AgentsDbContext>(db)
{
    protected override async Task HandleAsync(ProjectDeleted message, ConsumeContext<ProjectDeleted> context)
    {
        if (!ProjectMessages.IsValidId(logger, context, message.ProjectId)) return;
        var existing = await Db.Projects.FindAsync([message.ProjectId], context.CancellationToken);
        if (existing is null)
        {
            Db.Projects.Add(ProjectClone.Tombstone(message.ProjectId, message.Version));
            return;
        }
        existing.Delete(message.Version);
        await cleanup.RemoveAsync(Db, existing, context.CancellationToken);
    }
}

/// <summary>
/// Project events are checked against <see cref="ProjectRules"/> before they are applied: anyone who can reach the broker
/// could have published one, and a url or branch from it reaches git. A message that fails is ignored (acknowledged, not
/// faulted: a redelivery would fail the same way) and logged with the fields that failed, never their values (a url may
/// carry a credential).
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
