using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Projects;
using Codewalkers.Errands.Domain;
using Codewalkers.Errands.Infrastructure;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Codewalkers.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Errands.Consumers;

internal sealed class ProjectRegisteredConsumer(ErrandsDbContext db, ILogger<ProjectRegisteredConsumer> logger)
    : InboxConsumer<ProjectRegistered, ErrandsDbContext>(db)
{
    protected override Task HandleAsync(ProjectRegistered message, ConsumeContext<ProjectRegistered> context) =>
        context.Passes(
            logger, ProjectRules.Problems(message.ProjectId, message.Name, message.Url, message.DefaultBranch).Keys)
            ? Db.UpsertProjectAsync(
                message.ProjectId,
                message.Name,
                message.Url,
                message.DefaultBranch,
                message.Version,
                context.CancellationToken)
            : Task.CompletedTask;
}

internal sealed class ProjectUpdatedConsumer(ErrandsDbContext db, ILogger<ProjectUpdatedConsumer> logger)
    : InboxConsumer<ProjectUpdated, ErrandsDbContext>(db)
{
    protected override Task HandleAsync(ProjectUpdated message, ConsumeContext<ProjectUpdated> context) =>
        context.Passes(
            logger, ProjectRules.Problems(message.ProjectId, message.Name, message.Url, message.DefaultBranch).Keys)
            ? Db.UpsertProjectAsync(
                message.ProjectId,
                message.Name,
                message.Url,
                message.DefaultBranch,
                message.Version,
                context.CancellationToken)
            : Task.CompletedTask;
}

internal sealed class ProjectDeletedConsumer(ErrandsDbContext db, ILogger<ProjectDeletedConsumer> logger,
    TimeProvider clock)
    : InboxConsumer<ProjectDeleted, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(ProjectDeleted message, ConsumeContext<ProjectDeleted> context)
    {
        if (!context.Passes(logger, ProjectRules.IdProblem(message.ProjectId) is null ? [] : ["id"])) return;
        var existing = await Db.Projects.FindAsync([message.ProjectId], context.CancellationToken);
        if (existing is null) Db.Projects.Add(ProjectView.Tombstone(message.ProjectId, message.Version));
        else existing.Delete(message.Version);
        // Its errands end with it: abandoned, their agents stopped (the worktrees go with the project's clone).
        var open = await Db.Errands
            .Where(e => e.ProjectId == message.ProjectId
                && e.Status != ErrandStatus.Merged && e.Status != ErrandStatus.Abandoned)
            .ToListAsync(context.CancellationToken);
        var now = clock.GetUtcNow();
        foreach (var errand in open)
        {
            if (errand.ProjectDeleted(Ids.New(), now) is { } discard) Db.Send(discard, AgentQueues.Commands);
        }
    }
}

internal static class ProjectProjection
{
    public static async Task UpsertProjectAsync(
        this ErrandsDbContext db,
        string id,
        string name,
        string url,
        string defaultBranch,
        long version,
        CancellationToken cancellationToken)
    {
        var existing = await db.Projects.FindAsync([id], cancellationToken);
        if (existing is null) db.Projects.Add(ProjectView.Create(id, name, url, defaultBranch, version));
        else existing.Apply(name, url, defaultBranch, version);
    }
}
