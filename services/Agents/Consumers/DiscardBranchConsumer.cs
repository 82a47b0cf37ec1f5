using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Supervision;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Consumers;

/// <summary>
/// Discards the work on one branch (an errand abandoned, or merged and done with): its agent stopped, the worktrees
/// on it removed, and the branch deleted from the clone when asked; replies BranchDiscarded or DiscardFailed through
/// the outbox. Everything it removes may be gone already, so a repeat does the same harmless thing and replies again.
/// </summary>
internal sealed class DiscardBranchConsumer(
    AgentsDbContext db, AgentLifecycle lifecycle, ProjectClones clones, SpareWorktrees spares, SavedWork saved,
    TimeProvider clock)
    : InboxConsumer<DiscardBranch, AgentsDbContext>(db)
{
    /// <summary>
    /// The stop and the git work run before the inbox transaction (they must not hold the database's write lock); the
    /// reply is tracked here and commits with the inbox record.
    /// </summary>
    protected override async Task PrepareAsync(DiscardBranch command, ConsumeContext<DiscardBranch> context)
    {
        var (deleted, error) = await DiscardAsync(command, context.CancellationToken);
        var now = clock.GetUtcNow();
        Db.Publish(error is null
            ? new BranchDiscarded(command.RequestId, command.ProjectId, command.Branch, deleted, now)
            : (object)new DiscardFailed(command.RequestId, command.ProjectId, command.Branch, error, now));
    }

    /// <summary>Nothing is left for the transaction: the reply was tracked in PrepareAsync above.</summary>
    protected override Task HandleAsync(DiscardBranch command, ConsumeContext<DiscardBranch> context) =>
        Task.CompletedTask;

    private async Task<(bool Deleted, string? Error)> DiscardAsync(
        DiscardBranch command, CancellationToken cancellationToken)
    {
        if (!RefNames.IsSafe(command.Branch) || command.Branch.Contains('~') || command.Branch.Contains('^'))
            return (false, $"'{command.Branch}' is not a valid branch name.");
        var project = await Db.Projects.FindAsync([command.ProjectId], cancellationToken);
        if (project is { IsDeleted: false } && command.Branch == project.DefaultBranch)
            return (false, $"'{command.Branch}' is the default branch of {project.Name}; it is never discarded.");
        // First, so the agent does not commit or check out anything while its worktree goes.
        await StopAgentAsync(command.AgentId, cancellationToken);
        // A deleted project's worktrees go with its clone (ProjectCleanup, once its agents have ended).
        if (project is not { IsDeleted: false } || !Directory.Exists(Path.Combine(clones.PathOf(project), ".git")))
            return (false, null);
        var repo = clones.PathOf(project);
        try
        {
            // What discarding would lose is saved to a ref first (SavedWork): a failed save stops the discard.
            var agentId = command.AgentId ?? "no-agent";
            var survivors = command.DeleteBranch ? SavedWork.Survivors.OtherBranches : SavedWork.Survivors.AllBranches;
            if (await RemoveWorktreesAsync(repo, command.Branch, agentId, survivors) is { Count: > 0 } left)
            {
                return (false, $"The worktree(s) {string.Join(", ", left)} on '{command.Branch}' could not be "
                    + "removed; the branch is kept.");
            }
            if (!command.DeleteBranch) return (false, null);
            await saved.SaveBranchAsync(repo, command.Branch, agentId);
            return await DeleteBranchAsync(repo, command.Branch);
        }
        catch (GitException ex)
        {
            return (false, ex.Message);
        }
    }

    /// <summary>Stops the agent if it exists and still works (stopping a finished one changes nothing).</summary>
    private async Task StopAgentAsync(string? agentId, CancellationToken cancellationToken)
    {
        if (agentId is null) return;
        var agent = await Db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agentId, cancellationToken);
        if (agent is not { Status: AgentStatus.Idle or AgentStatus.Running or AgentStatus.WaitingForInput }) return;
        await lifecycle.StopAsync(agentId, cancellationToken);
    }

    /// <summary>
    /// Removes every worktree of the clone on <paramref name="branch"/>, its uncommitted work saved to a ref first;
    /// returns those still there.
    /// </summary>
    private async Task<IReadOnlyList<string>> RemoveWorktreesAsync(
        string repo, string branch, string agentId, SavedWork.Survivors survivors)
    {
        // A worktree directory deleted by hand still holds its branch until pruned.
        await Git.TryAsync(repo, "worktree", "prune");
        await spares.ReleaseBranchAsync(repo, branch);
        foreach (var worktree in await WorktreesOnAsync(repo, branch))
        {
            await saved.SaveWorktreeAsync(worktree, agentId, survivors);
            await AgentWorktrees.RemoveAsync(worktree, force: true);
        }
        await Git.TryAsync(repo, "worktree", "prune");
        return await WorktreesOnAsync(repo, branch);
    }

    private static async Task<IReadOnlyList<string>> WorktreesOnAsync(string repo, string branch)
    {
        // Not -z (git 2.36+): the worktrees of a clone are ours, under paths without line breaks.
        var listing = await Git.RunAsync(repo, "worktree", "list", "--porcelain");
        var held = $"branch refs/heads/{branch}";
        // One worktree per paragraph, its path on its first line.
        return
        [
            .. listing.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
                .Select(entry => entry.Split('\n'))
                .Where(fields => fields.Contains(held, StringComparer.Ordinal))
                .Select(fields => fields[0]["worktree ".Length..])
                .Where(path => path != repo),
        ];
    }

    /// <summary>Deletes the clone's branch (never origin's); false when it did not exist (a repeat).</summary>
    private static async Task<(bool Deleted, string? Error)> DeleteBranchAsync(string repo, string branch)
    {
        if (await Branches.LocalAsync(repo, branch) is not { } commit) return (false, null);
        // Compare-and-swap: a branch moved meanwhile (a merge into it) is not deleted under its mover.
        var deleted = await Git.TryAsync(repo, "update-ref", "-d", $"refs/heads/{branch}", commit);
        return deleted.Ok ? (true, null) : (false, $"Branch '{branch}' could not be deleted: {deleted.Error}");
    }
}
