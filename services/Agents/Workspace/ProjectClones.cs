using System.Collections.Concurrent;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Runners;
using Codewalkers.ServiceDefaults;

namespace Codewalkers.Agents.Workspace;

/// <summary>
/// One clone per project under <c>workspace/repos/</c>: made on first use, fetched when a caller reads origin, its
/// own checkout detached. Agents' worktrees (<see cref="AgentWorktrees"/>) and merges (<c>BranchMerger</c>) work
/// in these clones.
/// </summary>
public sealed class ProjectClones(ThisRunner runner, SharedRemote shared)
{
    private static readonly SemaphoreSlim CloneLock = new(1, 1);

    /// <summary>
    /// For the workspace API's reads (<see cref="OriginFetch.IfStale"/>): a clone fetched this recently is not fetched
    /// again. Spawns and merges fetch exactly when they read something from origin.
    /// </summary>
    public static readonly TimeSpan FetchReuse = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _fetchedAt = new();

    /// <summary>
    /// Clones whose own checkout this process has seen detached (guarded by <see cref="CloneLock"/>).
    /// </summary>
    private readonly HashSet<string> _detached = new(StringComparer.Ordinal);

    /// <summary>
    /// Clones this process has given the shared remote (guarded by <see cref="CloneLock"/>); none when it is unset.
    /// </summary>
    private readonly HashSet<string> _attached = new(StringComparer.Ordinal);

    /// <summary>
    /// A project's clone and its branches as this spawn or merge read them. <paramref name="Fetched"/>: origin's
    /// branches in <paramref name="Refs"/> are as of this call (the clone was just made or fetched).
    /// </summary>
    public sealed record Clone(string Repo, RefSnapshot Refs, bool Fetched);

    public string Root => Path.Combine(runner.WorkspaceDirectory, "repos");

    public string PathOf(ProjectClone project) => Path.Combine(Root, project.Name);

    /// <summary>
    /// The clone of a project, made on first use, fetched on later ones (see <see cref="OriginFetch"/>).
    /// </summary>
    /// <remarks>
    /// The clone's own checkout is detached: with no branch checked out in it, any branch can get a worktree and the
    /// default branch can be moved by <c>update-ref</c> without leaving the checkout's index stale.
    /// </remarks>
    public async Task<string> EnsureAsync(ProjectClone project, CancellationToken cancellationToken,
        bool requireFetch = false) =>
        (await PrepareAsync(project, requireFetch ? OriginFetch.Required : OriginFetch.IfStale, cancellationToken))
            .Repo;

    /// <summary>
    /// The clone of a project (see <see cref="EnsureAsync"/>) with a snapshot of its branches, read once.
    /// </summary>
    public async Task<Clone> OpenAsync(ProjectClone project, OriginFetch fetch, CancellationToken cancellationToken)
    {
        var (repo, fetched) = await PrepareAsync(project, fetch, cancellationToken);
        return new Clone(repo, await RefSnapshot.ReadAsync(repo), fetched);
    }

    /// <summary>
    /// The clone made or fetched as <paramref name="fetch"/> asks; <c>Fetched</c> when origin was read now.
    /// </summary>
    public async Task<(string Repo, bool Fetched)> PrepareAsync(
        ProjectClone project, OriginFetch fetch, CancellationToken cancellationToken)
    {
        var repo = PathOf(project);
        await CloneLock.WaitAsync(cancellationToken);
        try
        {
            var fetched = Directory.Exists(Path.Combine(repo, ".git"))
                ? NeedsFetch(repo, fetch) && await FetchAsync(repo, project, fetch == OriginFetch.Required)
                : await CloneAsync(repo, project);
            await DetachOnceAsync(repo);
            if (shared.Enabled && _attached.Add(repo)) await AttachSharedAsync(repo, project);
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
        Directory.CreateDirectory(Root);
        await Git.RunAsync(Root, "clone", "--quiet", project.Url, repo);
        _fetchedAt[repo] = DateTimeOffset.UtcNow;
        // A clone made again (its project deleted and registered anew) has its checkout on the default branch again.
        _detached.Remove(repo);
        _attached.Remove(repo);
        return true;
    }

    private async Task AttachSharedAsync(string repo, ProjectClone project)
    {
        try { await shared.AttachAsync(repo, project.Id); }
        catch
        {
            _attached.Remove(repo);
            throw;
        }
    }

    /// <summary>
    /// Fetches origin; a failed fetch is an error when <paramref name="required"/>, else the clone works on what it
    /// has.
    /// </summary>
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
        if ((await Git.TryAsync(repo, "symbolic-ref", "--quiet", "HEAD")).Ok)
            await Git.RunAsync(repo, "checkout", "--quiet", "--detach");
        _detached.Add(repo);
    }
}
