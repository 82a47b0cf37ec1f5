using Codewalkers.Agents.Domain;
using Codewalkers.Contracts.Agents;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Agents.Workspace;

/// <summary>
/// The worktrees in an agent's directory, one per project it works on, each on the agent's branch in the project's
/// clone (<see cref="ProjectClones"/>): made at spawn, read after the run (dirty or pristine), removed at the end.
/// </summary>
public sealed partial class AgentWorktrees(
    AgentFiles files, ProjectClones clones, SpareWorktrees spares, SavedWork saved, SharedRemote shared,
    ILogger<AgentWorktrees> logger)
{
    private readonly PendingRemovals _removals = new();

    private WorktreeTakeover Takeover => field ??= new WorktreeTakeover(files.Root, spares.Root, logger);

    /// <summary>
    /// Creates the agent's worktrees. Safe to repeat. <paramref name="agentEnded"/> says whether an agent has ended,
    /// so a worktree it left on a branch this one needs may be taken over (<see cref="WorktreeTakeover"/>).
    /// </summary>
    public async Task CreateAsync(
        AgentPaths paths, string mode, IReadOnlyList<(AgentWorkspaceProject Spec, ProjectClone? Project)> projects,
        WorktreeTakeover.AgentEnded agentEnded, CancellationToken cancellationToken)
    {
        foreach (var (spec, project) in projects)
        {
            if (project is null)
            {
                throw new ValidationException(
                    "projects", $"Project '{spec.ProjectId}' is not known to the agents service.");
            }
            await CreateWorktreeAsync(paths, spec, project, mode, agentEnded, cancellationToken);
        }
    }

    /// <summary>
    /// Removes an agent's worktrees (forced: the agent is gone) and its whole directory, each worktree's work saved
    /// first (<see cref="SavedWork"/>). A worktree whose work cannot be saved stays, and so does the directory.
    /// </summary>
    public async Task DiscardAsync(AgentPaths paths, string agentId)
    {
        var kept = false;
        foreach (var worktree in Of(paths))
        {
            try
            {
                await saved.SaveWorktreeAsync(worktree, agentId, SavedWork.Survivors.AllBranches);
                await RemoveAsync(worktree, force: true);
            }
            catch (GitException ex)
            {
                LogKept(worktree, ex.Message);
                kept = true;
            }
        }
        if (!kept && Directory.Exists(paths.Root)) Directory.Delete(paths.Root, recursive: true);
    }

    [LoggerMessage(LogLevel.Error, "Worktree {Worktree} is kept: {Error}")]
    private partial void LogKept(string worktree, string error);

    private async Task CreateWorktreeAsync(
        AgentPaths paths, AgentWorkspaceProject spec, ProjectClone project, string mode,
        WorktreeTakeover.AgentEnded agentEnded, CancellationToken cancellationToken)
    {
        var worktree = Path.Combine(paths.Root, project.Name);
        if (spec.Branch == project.DefaultBranch)
        {
            if (mode == AgentModes.Execute)
            {
                throw new ValidationException(
                    "projects", $"An execution agent never works on the default branch '{project.DefaultBranch}'.");
            }
            await AddDetachedWorktreeAsync(project, worktree, cancellationToken);
            return;
        }
        if (shared.Enabled) await SyncWithSharedAsync(project, spec, cancellationToken);
        if (await TryAddNewBranchWorktreeAsync(project, worktree, spec, cancellationToken)) return;
        var clone = await clones.OpenAsync(project, OriginFetch.None, cancellationToken);
        if (!clone.Fetched && ReadsOrigin(clone.Refs, spec, project.DefaultBranch))
            clone = await clones.OpenAsync(project, OriginFetch.Always, cancellationToken);
        await CreateMissingBranchesAsync(clone, spec, project.DefaultBranch);
        // The phase and initiative branches this spawn made are merged into by whichever runner takes the merge.
        if (shared.Enabled) await shared.PublishAsync(clone.Repo, project, spec.EnsureBranches.Select(b => b.Name));
        await AddBranchWorktreeAsync(clone.Repo, worktree, spec.Branch, agentEnded, cancellationToken);
        // The first task of a phase came this way: the next ones can start from a spare.
        if (spec.BaseBranch != project.DefaultBranch) spares.Want(clone.Repo, spec.BaseBranch);
    }

    /// <summary>
    /// With a shared remote, the branches the spawn reads or makes are first brought in line with it (one fetch): the
    /// phase branch holds the merges other runners made, a retried task's branch the commits of its earlier agent.
    /// </summary>
    private async Task SyncWithSharedAsync(
        ProjectClone project, AgentWorkspaceProject spec, CancellationToken cancellationToken)
    {
        var (repo, _) = await clones.PrepareAsync(project, OriginFetch.None, cancellationToken);
        await shared.SyncAsync(repo, project, BranchChain(spec).SelectMany(b => new[] { b.Branch, b.From }));
    }

    /// <summary>
    /// The usual spawn of a task, from the clone's spare worktree (<see cref="SpareWorktrees"/>) or in one git process:
    /// a new branch made from a local base branch (the phase branch) in the worktree that checks it out
    /// (<c>worktree add -b</c>, which refuses an existing branch). Anything else — the
    /// branch exists (a retry, a reviewer), the base is not a local branch, the base is the default branch (origin's
    /// tip
    /// is read), the worktree exists — fails or is skipped here and takes the general path.
    /// </summary>
    private async Task<bool> TryAddNewBranchWorktreeAsync(
        ProjectClone project, string worktree, AgentWorkspaceProject spec, CancellationToken cancellationToken)
    {
        if (spec.BaseBranch == project.DefaultBranch || File.Exists(Path.Combine(worktree, ".git"))
            || !Directory.Exists(Path.Combine(clones.PathOf(project), ".git"))) return false;
        var (repo, _) = await clones.PrepareAsync(project, OriginFetch.None, cancellationToken);
        var made = await spares.TryTakeAsync(repo, worktree, spec.Branch, spec.BaseBranch)
            || (await Git.TryAsync(
                repo, "worktree", "add", "--quiet", "-b", spec.Branch, worktree, $"refs/heads/{spec.BaseBranch}")).Ok;
        // The next task of this phase most likely starts from here too.
        if (made) spares.Want(repo, spec.BaseBranch);
        return made;
    }

    /// <summary>
    /// A worktree at the tip of origin's default branch, fetched now, and detached: many discuss/plan agents can read
    /// the
    /// default branch at once, and none of them can move it.
    /// </summary>
    private async Task AddDetachedWorktreeAsync(ProjectClone project, string worktree,
        CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(worktree, ".git"))) return;
        var clone = await clones.OpenAsync(project, OriginFetch.Always, cancellationToken);
        var tip = clone.Refs.Remote(project.DefaultBranch) ?? clone.Refs.Local(project.DefaultBranch)
            ?? throw new ValidationException(
                "projects", $"The default branch '{project.DefaultBranch}' does not exist.");
        await AddWorktreeAsync(clone.Repo, "--detach", worktree, tip);
    }

    /// <summary>
    /// Whether the spawn reads origin: a branch still to create from the default branch (it starts at origin's tip), or
    /// from a base the clone has only as origin's (or not yet at all). The clone's local branches are ours: the service
    /// makes them, and nothing but the service moves them.
    /// </summary>
    private static bool ReadsOrigin(RefSnapshot refs, AgentWorkspaceProject spec, string defaultBranch)
    {
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (branch, from) in BranchChain(spec))
        {
            if (refs.Local(branch) is not null || !created.Add(branch)) continue;
            if (from == defaultBranch || (refs.Local(from) is null && !created.Contains(from))) return true;
        }
        return false;
    }

    /// <summary>
    /// The branches the spec asks for, each with the branch it starts from, in the order they are made.
    /// </summary>
    private static IEnumerable<(string Branch, string From)> BranchChain(AgentWorkspaceProject spec) =>
        spec.EnsureBranches.Select(b => (b.Name, b.From)).Append((spec.Branch, spec.BaseBranch));

    /// <summary>
    /// Creates the branches of the spec the clone lacks, all in one transaction, each from its base as it is by then.
    /// </summary>
    private static async Task CreateMissingBranchesAsync(
        ProjectClones.Clone clone, AgentWorkspaceProject spec, string defaultBranch)
    {
        var (repo, refs) = (clone.Repo, clone.Refs);
        var missing = BranchChain(spec).Where(b => refs.Local(b.Branch) is null).ToList();
        // The clone is fetched, but its local default branch only moves when we move it: start from origin's tip.
        if (missing.Any(b => b.From == defaultBranch)) await Branches.FastForwardAsync(repo, defaultBranch, refs);
        var created = new List<(string Branch, string Commit)>();
        foreach (var (branch, from) in missing)
        {
            if (refs.Local(branch) is not null) continue;
            var start = refs.Resolve(from) ?? throw new ValidationException(
                "projects", $"Base branch '{from}' does not exist, so '{branch}' cannot be created from it.");
            refs.SetLocal(branch, start);
            created.Add((branch, start));
        }
        await Branches.CreateAsync(repo, created);
    }

    /// <summary>
    /// A worktree on <paramref name="branch"/>; one that exists already (a prepare repeated) must be on it. A worktree
    /// an
    /// ended agent left on the branch (a crashed run of the task) is taken over (<see cref="WorktreeTakeover"/>).
    /// </summary>
    private async Task AddBranchWorktreeAsync(
        string repo, string worktree, string branch, WorktreeTakeover.AgentEnded agentEnded,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(worktree, ".git")))
        {
            // The previous agent on this branch (the task's executor before its reviewer) may still be giving it up, or
            // its worktree, recycled, may be the spare now.
            await _removals.WhenEndedAsync(Path.GetFileName(repo), branch).WaitAsync(cancellationToken);
            await spares.ReleaseBranchAsync(repo, branch);
            string[] add = ["worktree", "add", worktree, branch];
            if ((await Git.TryAsync(repo, add)).Ok) return;
            // Refused: a worktree deleted by hand still holds its branch until pruned, or another worktree holds it.
            await Git.TryAsync(repo, "worktree", "prune");
            if (await Takeover.TryAsync(repo, worktree, branch, agentEnded)) return;
            await Git.RunAsync(repo, add);
            return;
        }
        var current = WorktreeLink.Read(worktree)?.Branch()
            ?? await Git.RunAsync(worktree, "rev-parse", "--abbrev-ref", "HEAD");
        if (current != branch)
            throw new GitException($"The worktree {worktree} is on '{current}', not on '{branch}'.");
    }

    /// <summary>
    /// <c>git worktree add</c>: a worktree directory deleted by hand still holds its branch until pruned; prune only
    /// when add needs it.
    /// </summary>
    private static async Task AddWorktreeAsync(string repo, params string[] arguments)
    {
        string[] add = ["worktree", "add", .. arguments];
        if ((await Git.TryAsync(repo, add)).Ok) return;
        await Git.TryAsync(repo, "worktree", "prune");
        await Git.RunAsync(repo, add);
    }

    /// <summary>The project worktrees inside an agent's directory.</summary>
    public static IReadOnlyList<string> Of(AgentPaths paths) => Directory.Exists(paths.Root)
        ?
        [
            .. Directory.EnumerateDirectories(paths.Root)
                .Where(d => File.Exists(Path.Combine(d, ".git"))).Order(StringComparer.Ordinal),
        ]
        : [];

    /// <summary>
    /// An agent's worktrees after its run: those with uncommitted work, and the clean ones that hold no ignored files
    /// either (build output, installed dependencies), which could serve the next task as a fresh checkout would.
    /// </summary>
    public sealed record States(IReadOnlyList<string> Dirty, IReadOnlyList<string> Pristine);

    public static async Task<States> ReadStatesAsync(AgentPaths paths)
    {
        var (dirty, pristine) = (new List<string>(), new List<string>());
        foreach (var worktree in Of(paths))
        {
            // Ignored files are listed as "!! path"; they are not uncommitted work.
            var status = await Git.TryAsync(worktree, "status", "--porcelain", "--ignored");
            var lines = status.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Any(line => !line.StartsWith("!! ", StringComparison.Ordinal))) dirty.Add(worktree);
            else if (status.Ok && lines.Length == 0) pristine.Add(worktree);
        }
        return new States(dirty, pristine);
    }

    /// <summary>
    /// Registers the removal of the agent's worktrees, to be run (<see cref="WorktreeRemoval.RunAsync"/>) once its
    /// completion is committed; until then a new worktree on a branch it holds waits. A <paramref name="pristine"/> one
    /// may become its clone's spare instead (<see cref="SpareWorktrees.TryRecycleAsync"/>). Null when it has none.
    /// </summary>
    public WorktreeRemoval? BeginRemoving(AgentPaths paths, IReadOnlyList<string> pristine)
    {
        var worktrees = Of(paths);
        if (worktrees.Count == 0) return null;
        var removal = new WorktreeRemoval(worktrees, pristine, spares);
        foreach (var link in worktrees.Select(WorktreeLink.Read).OfType<WorktreeLink>())
            _removals.Add(Path.GetFileName(link.Repo), link.Branch(), removal);
        return removal;
    }

    /// <summary>Removes one worktree through its clone; one whose clone is already gone is just deleted.</summary>
    public static async Task RemoveAsync(string worktree, bool force)
    {
        var clone = WorktreeLink.Read(worktree)?.Repo ?? await CloneOfAsync(worktree);
        if (clone is not null)
        {
            if (force) await Git.TryAsync(clone, "worktree", "remove", "--force", worktree);
            else await Git.RunAsync(clone, "worktree", "remove", worktree);
        }
        if (force && Directory.Exists(worktree)) Directory.Delete(worktree, recursive: true);
    }

    /// <summary>The clone of a worktree whose <c>.git</c> file is not in the usual layout, as git finds it.</summary>
    private static async Task<string?> CloneOfAsync(string worktree)
    {
        var commonDir = await Git.TryAsync(worktree, "rev-parse", "--path-format=absolute", "--git-common-dir");
        return commonDir.Ok && Directory.Exists(commonDir.Output) ? Path.GetDirectoryName(commonDir.Output) : null;
    }
}
