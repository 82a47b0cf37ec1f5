using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Merges;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Projects;
using Codewalkers.Messaging;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Consumers;

/// <summary>
/// Merges (and pushes when asked) and replies with BranchesMerged, MergeConflicted, MergeFailed or (the merged result
/// failed the project's check) MergeVerificationFailed, through the outbox; the outcome is also kept for spawns that
/// wait for it, and every merged-result check as its evidence (<see cref="MergedResultCheck"/>).
/// </summary>
internal sealed class MergeBranchesConsumer(
    AgentsDbContext db, BranchMerger merger, TimeProvider clock, IOptions<MessagingOptions> messaging)
    : InboxConsumer<MergeBranches, AgentsDbContext>(db)
{
    /// <summary>
    /// The merge. The git work runs before the inbox transaction (it must not hold the database's write lock); the
    /// reply and the outcome are tracked here and commit with the inbox record.
    /// </summary>
    protected override async Task PrepareAsync(MergeBranches command, ConsumeContext<MergeBranches> context)
    {
        var (requestId, projectId, source, target) =
            (command.RequestId, command.ProjectId, command.SourceBranch, command.TargetBranch);
        var project = await Db.Projects.FindAsync([projectId], context.CancellationToken);
        var outcome = project is null || project.IsDeleted
            ? new BranchMerger.Failed($"Unknown project '{projectId}'.")
            // Planning refuses such a command; anyone else who can reach the broker is refused here.
            : ProjectRules.VerifyCommandProblem(command.VerifyCommand) is { } badCommand
            ? new BranchMerger.Failed($"verifyCommand: {badCommand}")
            : await merger.MergeAsync(project, source, target, command.PushTarget, command.VerifyMergedResult,
                command.VerifyCommand, context.CancellationToken);
        var now = clock.GetUtcNow();
        var (reply, settled) = outcome switch
        {
            BranchMerger.Merged merged => ((object)new BranchesMerged(
                    requestId, projectId, source, target, merged.MergeBase, merged.MergeCommit, now, merged.Pushed),
                MergeOutcome.Create(requestId, projectId, MergeOutcome.Merged, merged.MergeCommit, now)),
            BranchMerger.Conflicted conflicted => (
                new MergeConflicted(requestId, projectId, source, target, conflicted.Files, now),
                MergeOutcome.Create(requestId, projectId, MergeOutcome.Conflicted,
                    $"conflicts in {string.Join(", ", conflicted.Files)}", now)),
            BranchMerger.CheckFailed red => (
                new MergeVerificationFailed(requestId, projectId, source, target, red.MergeCommit,
                    Evidence(command, project!, red.MergeCommit, red.Check, now).ToContract(), now),
                MergeOutcome.Create(requestId, projectId, MergeOutcome.CheckFailed,
                    $"the check `{red.Check.Command}` failed on the merged result", now)),
            BranchMerger.Failed failed => (
                new MergeFailed(requestId, projectId, source, target, failed.Error, now),
                MergeOutcome.Create(requestId, projectId, MergeOutcome.Failed, failed.Error, now)),
            _ => throw new InvalidOperationException("unknown merge outcome"),
        };
        if (outcome is BranchMerger.Merged { Check: { } green } passed)
            Evidence(command, project!, passed.MergeCommit, green, now);
        // Spawns waiting for this merge (SpawnAgent.AfterMerges) read it once it commits.
        Db.MergeOutcomes.Add(settled);
        Db.Publish(reply);
    }

    /// <summary>The check's evidence, stored with the reply.</summary>
    private MergedResultCheck Evidence(MergeBranches command, ProjectClone project, string mergeCommit,
        MergedResultChecker.Result check, DateTimeOffset now)
    {
        var evidence = MergedResultCheck.Create(command.RequestId, project, command.SourceBranch,
            command.TargetBranch, mergeCommit, check.Command, check.Run.ExitCode, check.Run.TimedOut,
            check.Run.DurationMs, check.Run.OutputTail, now);
        Db.MergedResultChecks.Add(evidence);
        return evidence;
    }

    /// <summary>
    /// Inside the transaction: an outcome matters only while a spawn may wait for it (minutes), so those older than
    /// the messaging retention go with each new merge.
    /// </summary>
    protected override Task HandleAsync(MergeBranches command, ConsumeContext<MergeBranches> context)
    {
        var expired = clock.GetUtcNow() - messaging.Value.Retention;
        return Db.MergeOutcomes.Where(o => o.SettledAt < expired).ExecuteDeleteAsync(context.CancellationToken);
    }
}
