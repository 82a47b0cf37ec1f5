using Codewalkers.Contracts.Agents;
using Codewalkers.Errands.Infrastructure;
using Codewalkers.Messaging.Inbox;
using MassTransit;

namespace Codewalkers.Errands.Consumers;

/// <summary>The branch's work was discarded: said in the thread (a deleted errand has none left to tell).</summary>
internal sealed class ErrandBranchDiscardedConsumer(ErrandsDbContext db, TimeProvider clock)
    : InboxConsumer<BranchDiscarded, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(BranchDiscarded message, ConsumeContext<BranchDiscarded> context)
    {
        var errand = await Db.ErrandDiscardedByAsync(message.RequestId, context.CancellationToken);
        errand?.Discarded(message.RequestId,
            // Said the same whether or not an agent had started: none runs and no worktree is left either way.
            message.BranchDeleted
                ? $"Cleaned up: no agent runs, no worktree is left, and {message.Branch} is deleted."
                : $"Cleaned up: no agent runs and no worktree is left; {message.Branch} stays.",
            failed: false, clock.GetUtcNow());
    }
}

internal sealed class ErrandDiscardFailedConsumer(ErrandsDbContext db, TimeProvider clock)
    : InboxConsumer<DiscardFailed, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(DiscardFailed message, ConsumeContext<DiscardFailed> context)
    {
        var errand = await Db.ErrandDiscardedByAsync(message.RequestId, context.CancellationToken);
        errand?.Discarded(message.RequestId, $"Discarding {message.Branch} failed: {message.Error}", failed: true,
            clock.GetUtcNow());
    }
}
