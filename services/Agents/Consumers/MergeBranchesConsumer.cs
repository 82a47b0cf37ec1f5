using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Consumers;

/// <summary>
/// Merges (and pushes when asked) and replies with BranchesMerged, MergeConflicted or MergeFailed, through the outbox;
/// the outcome is also kept for spawns that wait for it.
/// </summary>
internal sealed class MergeBranchesConsumer(AgentsDbContext db, BranchMerger merger, TimeProvider clock, IOptions<MessagingOptions> messaging)
    : InboxConsumer<MergeBranches, AgentsDbContext>(db)
{
    // The git work runs before the inbox transaction (it must not hold the database's write lock); the reply is
    // tracked then and commits with the inbox record. An outcome matters only while a spawn may wait for it (minutes):
    // those older than the messaging retention go with each new merge.
    protected override Task HandleAsync(MergeBranches m, ConsumeContext<MergeBranches> context)
    {
        var expired = clock.GetUtcNow() - messaging.Value.Retention;
        return Db.MergeOutcomes.Where(o => o.SettledAt < expired).ExecuteDeleteAsync(context.CancellationToken);
    }

    protected override async Task PrepareAsync(MergeBranches m, ConsumeContext<MergeBranches> context)
    {
        var project = await Db.Projects.FindAsync([m.ProjectId], context.CancellationToken);
        var now = clock.GetUtcNow();
        var outcome = project is null || project.IsDeleted
            ? new BranchMerger.Failed($"Unknown project '{m.ProjectId}'.")
            : await merger.MergeAsync(project, m.SourceBranch, m.TargetBranch, m.PushTarget, context.CancellationToken);
        var (reply, settled) = outcome switch
        {
            BranchMerger.Merged merged => ((object)new BranchesMerged(
                m.RequestId, m.ProjectId, m.SourceBranch, m.TargetBranch, merged.MergeBase, merged.MergeCommit, now, merged.Pushed),
                MergeOutcome.Create(m.RequestId, m.ProjectId, MergeOutcome.Merged, merged.MergeCommit, now)),
            BranchMerger.Conflicted conflicted => (new MergeConflicted(m.RequestId, m.ProjectId, m.SourceBranch, m.TargetBranch, conflicted.Files, now),
                MergeOutcome.Create(m.RequestId, m.ProjectId, MergeOutcome.Conflicted, $"conflicts in {string.Join(", ", conflicted.Files)}", now)),
            BranchMerger.Failed failed => (new MergeFailed(m.RequestId, m.ProjectId, m.SourceBranch, m.TargetBranch, failed.Error, now),
                MergeOutcome.Create(m.RequestId, m.ProjectId, MergeOutcome.Failed, failed.Error, now)),
            _ => throw new InvalidOperationException("unknown merge outcome"),
        };
        // Spawns waiting for this merge (SpawnAgent.AfterMerges) read it once it commits.
        Db.MergeOutcomes.Add(settled);
        Db.Publish(reply);
    }
}
