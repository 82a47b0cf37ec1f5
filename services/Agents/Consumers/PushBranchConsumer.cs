using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using MassTransit;

namespace Codewalkers.Agents.Consumers;

/// <summary>
/// Pushes one branch of the clone to the project's url; replies BranchPushed or PushFailed through the outbox.
/// </summary>
internal sealed class PushBranchConsumer(
    AgentsDbContext db, ProjectClones clones, SharedRemote shared, TimeProvider clock)
    : InboxConsumer<PushBranch, AgentsDbContext>(db)
{
    /// <summary>
    /// The push. The git work runs before the inbox transaction (it must not hold the database's write lock); the
    /// reply is tracked here and commits with the inbox record.
    /// </summary>
    protected override async Task PrepareAsync(PushBranch command, ConsumeContext<PushBranch> context)
    {
        var project = await Db.Projects.FindAsync([command.ProjectId], context.CancellationToken);
        var (commit, error) = project is null || project.IsDeleted
            ? (null, $"Unknown project '{command.ProjectId}'.")
            : await PushAsync(project, command.Branch, context.CancellationToken);
        var now = clock.GetUtcNow();
        Db.Publish(commit is not null
            ? new BranchPushed(command.RequestId, command.ProjectId, command.Branch, commit, now)
            : (object)new PushFailed(command.RequestId, command.ProjectId, command.Branch, error!, now));
    }

    /// <summary>Nothing is left for the transaction: the reply was tracked in PrepareAsync above.</summary>
    protected override Task HandleAsync(PushBranch command, ConsumeContext<PushBranch> context) => Task.CompletedTask;

    /// <summary>
    /// With a shared remote the branch is fetched from it first: other runners' merges and commits are pushed too.
    /// </summary>
    private async Task<(string? Commit, string? Error)> PushAsync(
        Domain.ProjectClone project, string branch, CancellationToken cancellationToken)
    {
        if (!RefNames.IsSafe(branch)) return (null, $"'{branch}' is not a valid branch name.");
        string repo;
        try
        {
            repo = await clones.EnsureAsync(project, cancellationToken);
            if (shared.Enabled) await shared.SyncAsync(repo, project, [branch]);
        }
        catch (GitException ex) { return (null, ex.Message); }
        if (await Branches.LocalAsync(repo, branch) is not { } commit)
            return (null, $"Branch '{branch}' does not exist in {project.Name}.");
        var pushed = await Branches.PushAsync(repo, branch);
        return pushed.Ok
            ? (commit, null)
            : (null, $"git push of '{branch}' to origin failed: {pushed.Error} {pushed.Output}".Trim());
    }
}
