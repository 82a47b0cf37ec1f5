using Codewalkers.Contracts.Agents;
using Codewalkers.Errands.Infrastructure;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Codewalkers.ServiceDefaults;
using MassTransit;

namespace Codewalkers.Errands.Consumers;

/// <summary>Merged (and pushed): the errand is done, its worktree freed (the branch stays for the diff).</summary>
internal sealed class ErrandBranchesMergedConsumer(ErrandsDbContext db, TimeProvider clock)
    : InboxConsumer<BranchesMerged, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(BranchesMerged message, ConsumeContext<BranchesMerged> context)
    {
        var errand = await Db.ErrandMergingAsync(message.RequestId, context.CancellationToken);
        if (errand?.Merged(message.RequestId, message.MergeBase, message.MergeCommit, message.Pushed, Ids.New(),
            clock.GetUtcNow()) is { } discard)
            Db.Send(discard, AgentQueues.Commands);
    }
}

/// <summary>The merge conflicts: the errand shows the files, and resolve can start.</summary>
internal sealed class ErrandMergeConflictedConsumer(ErrandsDbContext db, TimeProvider clock)
    : InboxConsumer<MergeConflicted, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(MergeConflicted message, ConsumeContext<MergeConflicted> context)
    {
        var errand = await Db.ErrandMergingAsync(message.RequestId, context.CancellationToken);
        errand?.Conflicted(message.RequestId, message.ConflictFiles ?? [], clock.GetUtcNow());
    }
}

/// <summary>The merge could not run: the errand stays in review, with the error.</summary>
internal sealed class ErrandMergeFailedConsumer(ErrandsDbContext db, TimeProvider clock)
    : InboxConsumer<MergeFailed, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(MergeFailed message, ConsumeContext<MergeFailed> context)
    {
        var errand = await Db.ErrandMergingAsync(message.RequestId, context.CancellationToken);
        errand?.MergeFailed(message.RequestId, message.Error, clock.GetUtcNow());
    }
}
