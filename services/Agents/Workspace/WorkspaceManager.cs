using System.Text.Json;
using Codewalkers.Agents.Domain;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Agents.Workspace;

/// <summary>
/// Project clones under <c>workspace/repos/</c>, agent directories under <c>workspace/agents/</c> with one worktree per
/// known project on the agent's branch, the <c>.cw/input/</c> assignment and the signal file.
/// </summary>
public sealed class WorkspaceManager(CodewalkersHome home, SpareWorktrees spares, ILogger<WorkspaceManager> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly SemaphoreSlim CloneLock = new(1, 1);
    /// <summary>
    /// For the workspace API's reads (<see cref="OriginFetch.IfStale"/>): a clone fetched this recently is not fetched
    /// again. Spawns and merges fetch exactly when they read something from origin.
    /// </summary>
    public static readonly TimeSpan FetchReuse = TimeSpan.FromSeconds(10);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _fetchedAt = new();
    /// <summary>Clones whose own checkout this process has seen detached (guarded by <see cref="CloneLock"/>).</summary>
    private readonly HashSet<string> _detached = new(StringComparer.Ordinal);
    private readonly PendingRemovals _removals = new();

    /// <summary>
    /// A project's clone and its branches as this spawn or merge read them. <paramref name="Fetched"/>: origin's
    /// branches in <paramref name="Refs"/> are as of this call (the clone was just made or fetched).
    /// </summary>
    public sealed record Clone(string Repo, RefSnapshot Refs, bool Fetched);

    public string AgentsRoot => Path.Combine(home.WorkspaceDirectory, "agents");
    private WorktreeTakeover Takeover => field ??= new WorktreeTakeover(AgentsRoot, spares.Root, logger);
    public string ReposRoot => Path.Combine(home.WorkspaceDirectory, "repos");

    public AgentPaths PathsFor(string agentName) => new(Path.Combine(AgentsRoot, agentName));

    public static void ValidateInputPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || Path.IsPathRooted(path) || path.Split('/', '\\').Any(s => s is ".." or ""))
            throw new ValidationException("inputFiles", $"'{path}' must be a relative path inside .cw/input/ without '..'.");
    }

    /// <summary>Creates the agent directory, its worktrees, input files and manifest. Safe to repeat.</summary>
    /// <remarks>
    /// The input files come first: they need nothing from git, so they are written while <paramref name="beforeWorktrees"/>
    /// waits (for the merges the branches must start from); an assignment can carry a hundred context files.
    /// <c>agentEnded</c> says whether an agent has ended, so a worktree it left on a branch this one needs may be taken
    /// over (<see cref="WorktreeTakeover"/>).
    /// </remarks>
    public async Task<AgentPaths> PrepareAsync(
        string agentId, string agentName, string mode, IReadOnlyList<(AgentWorkspaceProject Spec, ProjectClone? Project)> projects,
        IReadOnlyList<AgentInputFile> inputFiles, Func<Task> beforeWorktrees, WorktreeTakeover.AgentEnded agentEnded, CancellationToken cancellationToken)
    {
        var paths = PathsFor(agentName);
        Directory.CreateDirectory(paths.Input);
        Directory.CreateDirectory(paths.Output);
        Directory.CreateDirectory(paths.Logs);
        try
        {
            // Both end before going on (or discarding the directory the writing may still fill).
            await Task.WhenAll(Task.Run(() => WriteInputs(paths, agentId, agentName, inputFiles), cancellationToken), beforeWorktrees());
            foreach (var (spec, project) in projects)
            {
                if (project is null) throw new ValidationException("projects", $"Project '{spec.ProjectId}' is not known to the agents service.");
                await CreateWorktreeAsync(paths, spec, project, mode, agentEnded, cancellationToken);
            }
        }
        catch
        {
            // An agent that cannot start leaves no directory or worktree behind (its name becomes free again).
            await DiscardAsync(paths);
            throw;
        }
        return paths;
    }

    /// <summary>Removes an agent's worktrees (forced: the agent is gone) and its whole directory.</summary>
    public static async Task DiscardAsync(AgentPaths paths)
    {
        foreach (var worktree in Worktrees(paths)) await RemoveWorktreeAsync(worktree, force: true);
        if (Directory.Exists(paths.Root)) Directory.Delete(paths.Root, recursive: true);
    }

    private async Task CreateWorktreeAsync(
        AgentPaths paths, AgentWorkspaceProject spec, ProjectClone project, string mode, WorktreeTakeover.AgentEnded agentEnded, CancellationToken cancellationToken)
    {
        var worktree = Path.Combine(paths.Root, project.Name);
        if (spec.Branch == project.DefaultBranch)
        {
            if (mode == "execute")
                throw new ValidationException("projects", $"An execution agent never works on the default branch '{project.DefaultBranch}'.");
            await AddDetachedWorktreeAsync(project, worktree, cancellationToken);
            return;
        }
        if (await TryAddNewBranchWorktreeAsync(project, worktree, spec, cancellationToken)) return;
        var clone = await OpenCloneAsync(project, OriginFetch.None, cancellationToken);
        if (!clone.Fetched && ReadsOrigin(clone.Refs, spec, project.DefaultBranch))
            clone = await OpenCloneAsync(project, OriginFetch.Always, cancellationToken);
        await CreateMissingBranchesAsync(clone, spec, project.DefaultBranch);
        await AddBranchWorktreeAsync(clone.Repo, worktree, spec.Branch, agentEnded, cancellationToken);
        // The first task of a phase came this way: the next ones can start from a spare.
        if (spec.BaseBranch != project.DefaultBranch) spares.Want(clone.Repo, spec.BaseBranch);
    }

    /// <summary>
    /// The usual spawn of a task, from the clone's spare worktree (<see cref="SpareWorktrees"/>) or in one git process:
    /// a new branch made from a local base branch (the phase branch) in the worktree that checks it out
    /// (<c>worktree add -b</c>, which refuses an existing branch). Anything else — the
    /// branch exists (a retry, a reviewer), the base is not a local branch, the base is the default branch (origin's tip
    /// is read), the worktree exists — fails or is skipped here and takes the general path.
    /// </summary>
    private async Task<bool> TryAddNewBranchWorktreeAsync(ProjectClone project, string worktree, AgentWorkspaceProject spec, CancellationToken cancellationToken)
    {
        if (spec.BaseBranch == project.DefaultBranch || File.Exists(Path.Combine(worktree, ".git"))
            || !Directory.Exists(Path.Combine(RepoPath(project), ".git"))) return false;
        var (repo, _) = await PrepareCloneAsync(project, OriginFetch.None, cancellationToken);
        var made = await spares.TryTakeAsync(repo, worktree, spec.Branch, spec.BaseBranch)
            || (await Git.TryAsync(repo, "worktree", "add", "--quiet", "-b", spec.Branch, worktree, $"refs/heads/{spec.BaseBranch}")).Ok;
        // The next task of this phase most likely starts from here too.
        if (made) spares.Want(repo, spec.BaseBranch);
        return made;
    }

    /// <summary>The clone of a project, made on first use, fetched on later ones (see <see cref="OriginFetch"/>).</summary>
    /// <remarks>
    /// The clone's own checkout is detached: with no branch checked out in it, any branch can get a worktree and the
    /// default branch can be moved by <c>update-ref</c> without leaving the checkout's index stale.
    /// </remarks>
    public async Task<string> EnsureCloneAsync(ProjectClone project, CancellationToken cancellationToken, bool requireFetch = false) =>
        (await PrepareCloneAsync(project, requireFetch ? OriginFetch.Required : OriginFetch.IfStale, cancellationToken)).Repo;

    /// <summary>The clone of a project (see <see cref="EnsureCloneAsync"/>) with a snapshot of its branches, read once.</summary>
    public async Task<Clone> OpenCloneAsync(ProjectClone project, OriginFetch fetch, CancellationToken cancellationToken)
    {
        var (repo, fetched) = await PrepareCloneAsync(project, fetch, cancellationToken);
        return new Clone(repo, await RefSnapshot.ReadAsync(repo), fetched);
    }

    private async Task<(string Repo, bool Fetched)> PrepareCloneAsync(ProjectClone project, OriginFetch fetch, CancellationToken cancellationToken)
    {
        var repo = RepoPath(project);
        await CloneLock.WaitAsync(cancellationToken);
        try
        {
            var fetched = Directory.Exists(Path.Combine(repo, ".git"))
                ? NeedsFetch(repo, fetch) && await FetchAsync(repo, project, fetch == OriginFetch.Required)
                : await CloneAsync(repo, project);
            await DetachOnceAsync(repo);
            return (repo, fetched);
        }
        finally
        {
            CloneLock.Release();
        }
    }

    private bool NeedsFetch(string repo, OriginFetch fetch) => fetch switch
    {
        OriginFetch.None => false,
        OriginFetch.IfStale => DateTimeOffset.UtcNow - _fetchedAt.GetValueOrDefault(repo) > FetchReuse,
        _ => true,
    };

    private async Task<bool> CloneAsync(string repo, ProjectClone project)
    {
        Directory.CreateDirectory(ReposRoot);
        await Git.RunAsync(ReposRoot, "clone", "--quiet", project.Url, repo);
        _fetchedAt[repo] = DateTimeOffset.UtcNow;
        // A clone made again (its project deleted and registered anew) has its checkout on the default branch again.
        _detached.Remove(repo);
        return true;
    }

    /// <summary>Fetches origin; a failed fetch is an error when <paramref name="required"/>, else the clone works on what it has.</summary>
    private async Task<bool> FetchAsync(string repo, ProjectClone project, bool required)
    {
        var fetch = await Git.TryAsync(repo, "fetch", "--quiet", "--prune", "origin");
        if (!fetch.Ok && required) throw new GitException($"git fetch of {project.Name} failed: {fetch.Error}");
        if (fetch.Ok) _fetchedAt[repo] = DateTimeOffset.UtcNow;
        return fetch.Ok;
    }

    /// <summary>
    /// Detaches the clone's own checkout, once per clone and process: nothing of ours checks a branch out in it again,
    /// only clones made by earlier versions of the service (or by hand) have one checked out.
    /// </summary>
    private async Task DetachOnceAsync(string repo)
    {
        if (_detached.Contains(repo)) return;
        if ((await Git.TryAsync(repo, "symbolic-ref", "--quiet", "HEAD")).Ok) await Git.RunAsync(repo, "checkout", "--quiet", "--detach");
        _detached.Add(repo);
    }

    public string RepoPath(ProjectClone project) => Path.Combine(ReposRoot, project.Name);

    /// <summary>
    /// A worktree at the tip of origin's default branch, fetched now, and detached: many discuss/plan agents can read the
    /// default branch at once, and none of them can move it.
    /// </summary>
    private async Task AddDetachedWorktreeAsync(ProjectClone project, string worktree, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(worktree, ".git"))) return;
        var clone = await OpenCloneAsync(project, OriginFetch.Always, cancellationToken);
        var tip = clone.Refs.Remote(project.DefaultBranch) ?? clone.Refs.Local(project.DefaultBranch)
            ?? throw new ValidationException("projects", $"The default branch '{project.DefaultBranch}' does not exist.");
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

    /// <summary>The branches the spec asks for, each with the branch it starts from, in the order they are made.</summary>
    private static IEnumerable<(string Branch, string From)> BranchChain(AgentWorkspaceProject spec) =>
        spec.EnsureBranches.Select(b => (b.Name, b.From)).Append((spec.Branch, spec.BaseBranch));

    /// <summary>Creates the branches of the spec the clone lacks, all in one transaction, each from its base as it is by then.</summary>
    private static async Task CreateMissingBranchesAsync(Clone clone, AgentWorkspaceProject spec, string defaultBranch)
    {
        var (repo, refs) = (clone.Repo, clone.Refs);
        var missing = BranchChain(spec).Where(b => refs.Local(b.Branch) is null).ToList();
        // The clone is fetched, but its local default branch only moves when we move it: start from origin's tip.
        if (missing.Any(b => b.From == defaultBranch)) await Branches.FastForwardAsync(repo, defaultBranch, refs);
        var created = new List<(string Branch, string Commit)>();
        foreach (var (branch, from) in missing)
        {
            if (refs.Local(branch) is not null) continue;
            var start = refs.Resolve(from)
                ?? throw new ValidationException("projects", $"Base branch '{from}' does not exist, so '{branch}' cannot be created from it.");
            refs.SetLocal(branch, start);
            created.Add((branch, start));
        }
        await Branches.CreateAsync(repo, created);
    }

    /// <summary>
    /// A worktree on <paramref name="branch"/>; one that exists already (a prepare repeated) must be on it. A worktree an
    /// ended agent left on the branch (a crashed run of the task) is taken over (<see cref="WorktreeTakeover"/>).
    /// </summary>
    private async Task AddBranchWorktreeAsync(string repo, string worktree, string branch, WorktreeTakeover.AgentEnded agentEnded, CancellationToken cancellationToken)
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
        var current = WorktreeLink.Read(worktree)?.Branch() ?? await Git.RunAsync(worktree, "rev-parse", "--abbrev-ref", "HEAD");
        if (current != branch)
            throw new GitException($"The worktree {worktree} is on '{current}', not on '{branch}'.");
    }

    /// <summary><c>git worktree add</c>: a worktree directory deleted by hand still holds its branch until pruned; prune only when add needs it.</summary>
    private static async Task AddWorktreeAsync(string repo, params string[] arguments)
    {
        string[] add = ["worktree", "add", .. arguments];
        if ((await Git.TryAsync(repo, add)).Ok) return;
        await Git.TryAsync(repo, "worktree", "prune");
        await Git.RunAsync(repo, add);
    }

    private static void WriteInputs(AgentPaths paths, string agentId, string agentName, IReadOnlyList<AgentInputFile> files)
    {
        // A hundred context files share a few directories: each is created once, not asked for once per file.
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            ValidateInputPath(file.Path);
            var target = Path.Combine(paths.Input, file.Path);
            var directory = Path.GetDirectoryName(target)!;
            if (directories.Add(directory)) Directory.CreateDirectory(directory);
            File.WriteAllText(target, Substitute(file.Content, agentId, agentName));
        }
        var manifest = new
        {
            files = files.Where(f => !f.IsContext).Select(f => f.Path).ToArray(),
            contextFiles = files.Where(f => f.IsContext).Select(f => f.Path).ToArray(),
            agentId, agentName,
        };
        File.WriteAllText(Path.Combine(paths.Input, "manifest.json"), JsonSerializer.Serialize(manifest, Json));
    }

    /// <summary>The project worktrees inside an agent's directory.</summary>
    public static IReadOnlyList<string> Worktrees(AgentPaths paths) => Directory.Exists(paths.Root)
        ? [.. Directory.EnumerateDirectories(paths.Root).Where(d => File.Exists(Path.Combine(d, ".git"))).Order(StringComparer.Ordinal)]
        : [];

    /// <summary>
    /// An agent's worktrees after its run: those with uncommitted work, and the clean ones that hold no ignored files
    /// either (build output, installed dependencies), which could serve the next task as a fresh checkout would.
    /// </summary>
    public sealed record WorktreeStates(IReadOnlyList<string> Dirty, IReadOnlyList<string> Pristine);

    public static async Task<WorktreeStates> ReadWorktreeStatesAsync(AgentPaths paths)
    {
        var (dirty, pristine) = (new List<string>(), new List<string>());
        foreach (var worktree in Worktrees(paths))
        {
            // Ignored files are listed as "!! path"; they are not uncommitted work.
            var status = await Git.TryAsync(worktree, "status", "--porcelain", "--ignored");
            var lines = status.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Any(line => !line.StartsWith("!! ", StringComparison.Ordinal))) dirty.Add(worktree);
            else if (status.Ok && lines.Length == 0) pristine.Add(worktree);
        }
        return new WorktreeStates(dirty, pristine);
    }

    /// <summary>
    /// Registers the removal of the agent's worktrees, to be run (<see cref="WorktreeRemoval.RunAsync"/>) once its
    /// completion is committed; until then a new worktree on a branch it holds waits. A <paramref name="pristine"/> one
    /// may become its clone's spare instead (<see cref="SpareWorktrees.TryRecycleAsync"/>). Null when it has none.
    /// </summary>
    public WorktreeRemoval? BeginRemovingWorktrees(AgentPaths paths, IReadOnlyList<string> pristine)
    {
        var worktrees = Worktrees(paths);
        if (worktrees.Count == 0) return null;
        var removal = new WorktreeRemoval(worktrees, pristine, spares);
        foreach (var link in worktrees.Select(WorktreeLink.Read).OfType<WorktreeLink>())
            _removals.Add(Path.GetFileName(link.Repo), link.Branch(), removal);
        return removal;
    }

    /// <summary>Removes one worktree through its clone; one whose clone is already gone is just deleted.</summary>
    public static async Task RemoveWorktreeAsync(string worktree, bool force)
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

    public static string Substitute(string content, string agentId, string agentName) =>
        content.Replace("{AGENT_ID}", agentId, StringComparison.Ordinal).Replace("{AGENT_NAME}", agentName, StringComparison.Ordinal);

    /// <summary>Replaces <paramref name="path"/> in one rename, so a reader never sees it empty or half written.</summary>
    public static void WriteAtomically(string path, string content)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes any signal before a spawn or resume, so only this session's signal can complete it.</summary>
    public static void ClearSignal(AgentPaths paths)
    {
        Directory.CreateDirectory(paths.Output);
        File.Delete(paths.Signal);
    }

    /// <summary>The files under .cw/output/ (signal included), each and all together size-capped.</summary>
    public static IReadOnlyList<AgentOutputFile> CollectOutputs(AgentPaths paths, int maxFileBytes, int maxTotalBytes)
    {
        if (!Directory.Exists(paths.Output)) return [];
        var result = new List<AgentOutputFile>();
        var total = 0;
        foreach (var file in Directory.EnumerateFiles(paths.Output, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(paths.Output, file).Replace('\\', '/');
            var content = ReadCapped(file, Math.Min(maxFileBytes, maxTotalBytes - total));
            if (content is null) break;
            total += System.Text.Encoding.UTF8.GetByteCount(content);
            result.Add(new AgentOutputFile(relative, content));
        }
        return result;
    }

    private static string? ReadCapped(string file, int cap)
    {
        if (cap <= 0) return null;
        using var stream = File.OpenRead(file);
        var buffer = new byte[Math.Min(cap, stream.Length)];
        stream.ReadExactly(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer);
    }
}
