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
        var problems = ProjectRules.Problems(message.ProjectId, message.Name, message.Url, message.DefaultBranch);
        ProjectRules.AddVerifyProblems(problems, message.VerifyCommand, message.VerifyTimeoutSeconds);
        if (!context.Passes(logger, problems.Keys)) return;
        var existing = await Db.Projects.FindAsync([message.ProjectId], context.CancellationToken);
        if (existing is null)
        {
            Db.Projects.Add(ProjectClone.Create(message.ProjectId, message.Name, message.Url, message.DefaultBranch,
                message.Version, message.VerifyCommand, message.VerifyTimeoutSeconds));
        }
        else
        {
            existing.Apply(message.Name, message.Url, message.DefaultBranch, message.Version, message.VerifyCommand,
                message.VerifyTimeoutSeconds);
        }
    }
}

internal sealed class ProjectUpdatedConsumer(AgentsDbContext db, ILogger<ProjectUpdatedConsumer> logger)
    : InboxConsumer<ProjectUpdated, AgentsDbContext>(db)
{
    protected override async Task HandleAsync(ProjectUpdated message, ConsumeContext<ProjectUpdated> context)
    {
        var problems = ProjectRules.Problems(message.ProjectId, message.Name, message.Url, message.DefaultBranch);
        ProjectRules.AddVerifyProblems(problems, message.VerifyCommand, message.VerifyTimeoutSeconds);
        if (!context.Passes(logger, problems.Keys)) return;
        var existing = await Db.Projects.FindAsync([message.ProjectId], context.CancellationToken);
        if (existing is null)
        {
            Db.Projects.Add(ProjectClone.Create(message.ProjectId, message.Name, message.Url, message.DefaultBranch,
                message.Version, message.VerifyCommand, message.VerifyTimeoutSeconds));
        }
        else
        {
            existing.Apply(message.Name, message.Url, message.DefaultBranch, message.Version, message.VerifyCommand,
                message.VerifyTimeoutSeconds);
        }
    }
}

/// <summary>
/// Tombstones the project (a late event cannot revive it) and removes its clone and finished agents' worktrees.
/// </summary>
internal sealed class ProjectDeletedConsumer(
    AgentsDbContext db, ProjectCleanup cleanup, ILogger<ProjectDeletedConsumer> logger)
    : InboxConsumer<ProjectDeleted, AgentsDbContext>(db)
{
    protected override async Task HandleAsync(ProjectDeleted message, ConsumeContext<ProjectDeleted> context)
    {
        if (!context.Passes(logger, ProjectRules.IdProblem(message.ProjectId) is null ? [] : ["id"])) return;
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
