using Codewalkers.Contracts.Projects;
using Codewalkers.Errands.Domain;
using Codewalkers.Errands.Infrastructure;
using Codewalkers.Messaging.Inbox;
using MassTransit;

namespace Codewalkers.Errands.Consumers;

internal sealed class ProjectRegisteredConsumer(ErrandsDbContext db) : InboxConsumer<ProjectRegistered, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(ProjectRegistered message, ConsumeContext<ProjectRegistered> context)
    {
        var existing = await Db.Projects.FindAsync([message.ProjectId], context.CancellationToken);
        if (existing is null)
            Db.Projects.Add(ProjectView.Create(message.ProjectId, message.Name, message.Url, message.DefaultBranch, message.Version));
        else
            existing.Apply(message.Name, message.Url, message.DefaultBranch, message.Version);
    }
}
