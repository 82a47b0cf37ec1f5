using Codewalkers.Contracts.Agents;
using Codewalkers.Errands.Infrastructure;
using Codewalkers.Messaging.Inbox;
using MassTransit;

namespace Codewalkers.Errands.Consumers;

/// <summary>The branch's work was discarded: said in the thread (a deleted errand has none left to tell).</summary>
internal sealed class ErrandBranchDiscardedConsumer(ErrandsDbContext db)
    : InboxConsumer<BranchDiscarded, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(BranchDiscarded message, ConsumeContext<BranchDiscarded> context)
    {
        var errand = await Db.ErrandDiscardedByAsync(message.RequestId, context.CancellationToken);
        errand?.Discarded(message.RequestId,
            message.BranchDeleted ? $"The agent was stopped, its worktree removed and {message.Branch} deleted."
                : "The agent was stopped and its worktree removed.",
            failed: false, DateTimeOffset.UtcNow);
    }
}

internal sealed class ErrandDiscardFailedConsumer(ErrandsDbContext db)
    : InboxConsumer<DiscardFailed, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(DiscardFailed message, ConsumeContext<DiscardFailed> context)
    {
        var errand = await Db.ErrandDiscardedByAsync(message.RequestId, context.CancellationToken);
        errand?.Discarded(message.RequestId, $"Discarding {message.Branch} failed: {message.Error}", failed: true,
            DateTimeOffset.UtcNow);
    }
}
