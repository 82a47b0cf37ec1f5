using System.Text.Json;
using Codewalkers.Agents.Domain;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Errors;

namespace Codewalkers.Agents.Workspace;

/// <summary>
/// Project clones under <c>workspace/repos/</c>, agent directories under <c>workspace/agents/</c> with one worktree per
/// known project on the agent's branch, the <c>.cw/input/</c> assignment and the signal file.
/// </summary>
public sealed class WorkspaceManager(CodewalkersHome home)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly SemaphoreSlim CloneLock = new(1, 1);
    /// <summary>
    /// A clone fetched this recently is not fetched again for the next agent: a burst of dispatches (one task's
    /// completion starting its dependents) pays for one fetch, not one each. A merge that pushes always fetches.
    /// </summary>
    public static readonly TimeSpan FetchReuse = TimeSpan.FromSeconds(10);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _fetchedAt = new();

    public string AgentsRoot => Path.Combine(home.WorkspaceDirectory, "agents");
    public string ReposRoot => Path.Combine(home.WorkspaceDirectory, "repos");

    public AgentPaths PathsFor(string agentName) => new(Path.Combine(AgentsRoot, agentName));

    public static void ValidateInputPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || Path.IsPathRooted(path) || path.Split('/', '\\').Any(s => s is ".." or ""))
            throw new ValidationException("inputFiles", $"'{path}' must be a relative path inside .cw/input/ without '..'.");
    }

    /// <summary>Creates the agent directory, its worktrees, input files and manifest. Safe to repeat.</summary>
    public async Task<AgentPaths> PrepareAsync(
        string agentId, string agentName, string mode, IReadOnlyList<(AgentWorkspaceProject Spec, ProjectClone? Project)> projects,
        IReadOnlyList<AgentInputFile> inputFiles, CancellationToken cancellationToken)
    {
        var paths = PathsFor(agentName);
        Directory.CreateDirectory(paths.Input);
        Directory.CreateDirectory(paths.Output);
        Directory.CreateDirectory(paths.Logs);
        try
        {
            foreach (var (spec, project) in projects)
            {
                if (project is null) throw new ValidationException("projects", $"Project '{spec.ProjectId}' is not known to the agents service.");
                await CreateWorktreeAsync(paths, spec, project, mode, cancellationToken);
            }
            WriteInputs(paths, agentId, agentName, inputFiles);
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

    private async Task CreateWorktreeAsync(AgentPaths paths, AgentWorkspaceProject spec, ProjectClone project, string mode, CancellationToken cancellationToken)
    {
        var repo = await EnsureCloneAsync(project, cancellationToken);
        if (await NeedsOriginTipAsync(repo, spec, project.DefaultBranch)) repo = await EnsureCloneAsync(project, cancellationToken, fresh: true);
        var worktree = Path.Combine(paths.Root, project.Name);
        if (spec.Branch == project.DefaultBranch)
        {
            if (mode == "execute")
                throw new ValidationException("projects", $"An execution agent never works on the default branch '{project.DefaultBranch}'.");
            await AddDetachedWorktreeAsync(repo, worktree, project.DefaultBranch);
            return;
        }
        foreach (var ensure in spec.EnsureBranches) await EnsureBranchAsync(repo, ensure.Name, ensure.From, project.DefaultBranch);
        await EnsureBranchAsync(repo, spec.Branch, spec.BaseBranch, project.DefaultBranch);

        if (!File.Exists(Path.Combine(worktree, ".git")) && !(await Git.TryAsync(repo, "worktree", "add", worktree, spec.Branch)).Ok)
        {
            // A worktree directory deleted by hand still holds the branch until pruned; prune only when add needs it.
            await Git.TryAsync(repo, "worktree", "prune");
            await Git.RunAsync(repo, "worktree", "add", worktree, spec.Branch);
        }
        var branch = await Git.RunAsync(worktree, "rev-parse", "--abbrev-ref", "HEAD");
        if (branch != spec.Branch)
            throw new GitException($"The worktree {worktree} is on '{branch}', not on '{spec.Branch}'.");
    }

    /// <summary>The clone of a project, made on first use and fetched on later ones.</summary>
    /// <remarks>
    /// The clone's own checkout is detached: with no branch checked out in it, any branch can get a worktree and the
    /// default branch can be moved by <c>update-ref</c> without leaving the checkout's index stale. With
    /// <paramref name="requireFetch"/> a failed fetch is an error rather than working on what was fetched before.
    /// </remarks>
    public async Task<string> EnsureCloneAsync(ProjectClone project, CancellationToken cancellationToken, bool requireFetch = false, bool fresh = false)
    {
        var repo = RepoPath(project);
        await CloneLock.WaitAsync(cancellationToken);
        try
        {
            if (!Directory.Exists(Path.Combine(repo, ".git")))
            {
                Directory.CreateDirectory(ReposRoot);
                await Git.RunAsync(ReposRoot, "clone", "--quiet", project.Url, repo);
                _fetchedAt[repo] = DateTimeOffset.UtcNow;
            }
            // What reads origin's default branch (a branch created from it, a detached worktree at its tip) never reuses
            // a fetch: a commit pushed to origin a moment ago must be in it. Once per initiative, not per task.
            else if (requireFetch || fresh || DateTimeOffset.UtcNow - _fetchedAt.GetValueOrDefault(repo) > FetchReuse)
            {
                var fetch = await Git.TryAsync(repo, "fetch", "--quiet", "--prune", "origin");
                if (!fetch.Ok && requireFetch) throw new GitException($"git fetch of {project.Name} failed: {fetch.Error}");
                if (fetch.Ok) _fetchedAt[repo] = DateTimeOffset.UtcNow;
            }
            if ((await Git.TryAsync(repo, "symbolic-ref", "--quiet", "HEAD")).Ok) await Git.RunAsync(repo, "checkout", "--quiet", "--detach");
            return repo;
        }
        finally
        {
            CloneLock.Release();
        }
    }

    public string RepoPath(ProjectClone project) => Path.Combine(ReposRoot, project.Name);

    /// <summary>
    /// A worktree at the tip of origin's default branch, detached: many discuss/plan agents can read the default branch
    /// at once, and none of them can move it.
    /// </summary>
    private static async Task AddDetachedWorktreeAsync(string repo, string worktree, string defaultBranch)
    {
        if (File.Exists(Path.Combine(worktree, ".git"))) return;
        var tip = await Branches.RemoteAsync(repo, defaultBranch) ?? await Branches.LocalAsync(repo, defaultBranch)
            ?? throw new ValidationException("projects", $"The default branch '{defaultBranch}' does not exist.");
        await Git.TryAsync(repo, "worktree", "prune");
        await Git.RunAsync(repo, "worktree", "add", "--detach", worktree, tip);
    }

    /// <summary>Whether the spawn reads origin's default branch: a detached worktree on it, or a branch still to create from it.</summary>
    private static async Task<bool> NeedsOriginTipAsync(string repo, AgentWorkspaceProject spec, string defaultBranch)
    {
        if (spec.Branch == defaultBranch) return true;
        foreach (var (branch, from) in spec.EnsureBranches.Select(b => (b.Name, b.From)).Append((spec.Branch, spec.BaseBranch)))
            if (from == defaultBranch && !(await Git.TryAsync(repo, "rev-parse", "--verify", "--quiet", $"refs/heads/{branch}")).Ok) return true;
        return false;
    }

    private static async Task EnsureBranchAsync(string repo, string branch, string from, string defaultBranch)
    {
        if ((await Git.TryAsync(repo, "rev-parse", "--verify", "--quiet", $"refs/heads/{branch}")).Ok) return;
        // The clone is fetched, but its local default branch only moves when we move it: start from origin's tip.
        if (from == defaultBranch) await Branches.FastForwardAsync(repo, from);
        var start = (await Git.TryAsync(repo, "rev-parse", "--verify", "--quiet", $"refs/heads/{from}")).Ok ? from
            : (await Git.TryAsync(repo, "rev-parse", "--verify", "--quiet", $"refs/remotes/origin/{from}")).Ok ? $"origin/{from}"
            : throw new ValidationException("projects", $"Base branch '{from}' does not exist, so '{branch}' cannot be created from it.");
        await Git.RunAsync(repo, "branch", "--no-track", branch, start);
    }

    private static void WriteInputs(AgentPaths paths, string agentId, string agentName, IReadOnlyList<AgentInputFile> files)
    {
        foreach (var file in files)
        {
            ValidateInputPath(file.Path);
            var target = Path.Combine(paths.Input, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
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

    public static async Task<IReadOnlyList<string>> DirtyWorktreesAsync(AgentPaths paths)
    {
        var dirty = new List<string>();
        foreach (var worktree in Worktrees(paths))
            if ((await Git.TryAsync(worktree, "status", "--porcelain")).Output.Length > 0) dirty.Add(worktree);
        return dirty;
    }

    /// <summary>Removes the agent's worktrees; their branches, with every commit, stay in the clone.</summary>
    public static async Task RemoveWorktreesAsync(AgentPaths paths)
    {
        foreach (var worktree in Worktrees(paths)) await RemoveWorktreeAsync(worktree, force: false);
    }

    /// <summary>Removes one worktree through its clone; one whose clone is already gone is just deleted.</summary>
    public static async Task RemoveWorktreeAsync(string worktree, bool force)
    {
        var commonDir = await Git.TryAsync(worktree, "rev-parse", "--path-format=absolute", "--git-common-dir");
        if (commonDir.Ok && Directory.Exists(commonDir.Output))
        {
            if (force) await Git.TryAsync(Path.GetDirectoryName(commonDir.Output)!, "worktree", "remove", "--force", worktree);
            else await Git.RunAsync(Path.GetDirectoryName(commonDir.Output)!, "worktree", "remove", worktree);
        }
        if (force && Directory.Exists(worktree)) Directory.Delete(worktree, recursive: true);
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
