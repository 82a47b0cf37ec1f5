using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Workspace;

/// <summary>
/// Removes a deleted project's clone and every worktree made from it, so nothing points at a clone that is gone.
/// Worktrees of agents still at work (idle, running, waiting for input) stay, and so does the clone, until they end:
/// a periodic sweep finishes the job then. What a worktree holds that origin lacks is saved first
/// (<see cref="SavedWork"/>), and a clone holding saved work or commits origin lacks is archived under
/// <c>workspace/saved/</c>, not deleted.
/// </summary>
public sealed partial class ProjectCleanup(
    IDbContextFactory<AgentsDbContext> databases, ProjectClones clones, AgentFiles files, SpareWorktrees spares,
    SavedWork saved, TimeProvider clock, IOptions<AgentsOptions> options, ILogger<ProjectCleanup> logger)
    : BackgroundService
{
    /// <summary>True when the clone is gone (or never existed).</summary>
    public async Task<bool> RemoveAsync(AgentsDbContext db, ProjectClone project, CancellationToken cancellationToken)
    {
        // A tombstone of a project never seen has no name: never resolve it to the repos folder itself.
        if (string.IsNullOrEmpty(project.Name) || Path.GetFileName(project.Name) != project.Name
            || project.Name is "." or "..") return true;
        var repo = clones.PathOf(project);
        if (!Directory.Exists(repo)) return true;
        await spares.ForgetAsync(repo);
        var live = new List<string>();
        foreach (var worktree in await LinkedWorktreesAsync(repo))
        {
            var owner = AgentNameOf(worktree);
            // Still at work: idle, running or waiting for input.
            if (owner is not null && await db.Agents.AnyAsync(
                    a => a.Name == owner && a.Status != AgentStatus.Stopped && a.Status != AgentStatus.Crashed,
                    cancellationToken))
            {
                live.Add(owner);
                continue;
            }
            if (!await SaveAndRemoveAsync(db, worktree, owner, cancellationToken)) live.Add(owner ?? worktree);
        }
        if (live.Count > 0)
        {
            LogKept(project.Name, string.Join(", ", live));
            return false;
        }
        await Git.TryAsync(repo, "worktree", "prune");
        if (await SavedWork.HoldsUnpushedWorkAsync(repo))
        {
            // Saved work, or commits origin lacks, would go with the clone: it is archived instead.
            Directory.CreateDirectory(saved.ArchiveRoot);
            var archive = Path.Combine(
                saved.ArchiveRoot, $"{project.Name}-{clock.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}");
            Directory.Move(repo, archive);
            LogArchived(project.Name, archive);
            return true;
        }
        Directory.Delete(repo, recursive: true);
        LogRemoved(project.Name);
        return true;
    }

    /// <summary>
    /// Saves what the worktree holds that origin lacks (the clone's branches go too), then removes it; false when the
    /// save failed and the worktree is kept.
    /// </summary>
    private async Task<bool> SaveAndRemoveAsync(
        AgentsDbContext db, string worktree, string? owner, CancellationToken cancellationToken)
    {
        var agentId = owner is null ? null
            : await db.Agents.Where(a => a.Name == owner).Select(a => a.Id).FirstOrDefaultAsync(cancellationToken);
        try
        {
            await saved.SaveWorktreeAsync(worktree, agentId ?? owner ?? "no-agent", SavedWork.Survivors.Origin);
        }
        catch (WorkNotSavedException ex)
        {
            LogNotSaved(worktree, ex.Message);
            return false;
        }
        await AgentWorktrees.RemoveAsync(worktree, force: true);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DeletedProjectSweep);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try { await SweepAsync(stoppingToken); }
                catch (Exception ex) when (ex is not OperationCanceledException) { LogSweepFailed(ex); }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Projects.AsNoTracking().Where(p => p.IsDeleted && p.Name != "")
            .ToListAsync(cancellationToken);
        foreach (var project in deleted.Where(p => Directory.Exists(clones.PathOf(p))))
            await RemoveAsync(db, project, cancellationToken);
    }

    private static async Task<IReadOnlyList<string>> LinkedWorktreesAsync(string repo)
    {
        var list = await Git.RunAsync(repo, "worktree", "list", "--porcelain");
        // The first entry is the clone's own checkout.
        return [.. list.Split('\n').Where(l => l.StartsWith("worktree ", StringComparison.Ordinal)).Skip(1)
            .Select(l => l["worktree ".Length..])];
    }

    private string? AgentNameOf(string worktree)
    {
        var relative = Path.GetRelativePath(files.Root, worktree);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? null
            : relative.Split(Path.DirectorySeparatorChar)[0];
    }

    [LoggerMessage(LogLevel.Information, "Deleted project {Name}: clone and worktrees removed")]
    private partial void LogRemoved(string name);

    [LoggerMessage(LogLevel.Information, "Deleted project {Name}: clone moved to {Archive}, with its saved work")]
    private partial void LogArchived(string name, string archive);

    [LoggerMessage(LogLevel.Error, "Deleted project: worktree {Worktree} kept, its work could not be saved: {Error}")]
    private partial void LogNotSaved(string worktree, string error);

    [LoggerMessage(LogLevel.Information, "Deleted project {Name}: clone kept while agents {Agents} still work in it")]
    private partial void LogKept(string name, string agents);

    [LoggerMessage(LogLevel.Error, "Sweeping deleted projects failed")]
    private partial void LogSweepFailed(Exception ex);
}
