using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Workspace;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Codewalkers.Agents.Apis;

/// <summary>
/// Read-only views of the workspace: disk usage, a project's branches, and diffs and commits between any two refs of a
/// project.
/// </summary>
public static class WorkspaceApi
{
    public sealed record DiskUsage(string Name, long Bytes);
    public sealed record UsageResponse(long TotalBytes, long ReposBytes, long AgentsBytes, DiskUsage[] Repos,
        DiskUsage[] Agents);
    public sealed record DiffFile(string Status, string Path);
    public sealed record DiffResponse(string Base, string Head, string MergeBase, DiffFile[] Files, string Patch);
    public sealed record CommitResponse(string Sha, string Author, DateTimeOffset Date, string Subject);
    public sealed record BranchResponse(string Name, string Commit);

    public static IEndpointRouteBuilder MapWorkspaceApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/workspace").WithTags("Workspace");
        group.MapGet("/usage", Usage).WithName("WorkspaceUsage")
            .WithSummary("Disk used by project clones and agent workspaces.");
        group.MapGet("/projects/{projectId}/branches", BranchesAsync).WithName("ProjectBranches")
            .WithSummary("The clone's branches and origin's (the clone's wins), after a best-effort fetch.");
        group.MapGet("/projects/{projectId}/diff", DiffAsync).WithName("ProjectDiff")
            .WithSummary("Changes on head since its merge base with base.");
        group.MapGet("/projects/{projectId}/commits", CommitsAsync).WithName("ProjectCommits")
            .WithSummary("Commits in base..head.");
        routes.MapSavedWorkApi();
        routes.MapUnmergedWorkApi();
        routes.MapMergedResultChecksApi();
        return routes;
    }

    private static Ok<UsageResponse> Usage(ProjectClones clones, AgentFiles files)
    {
        var repos = Children(clones.Root).Where(d => d.Name != ".merges").ToArray();
        var agents = Children(files.Root).ToArray();
        var (reposBytes, agentsBytes) = (repos.Sum(r => r.Bytes), agents.Sum(a => a.Bytes));
        return TypedResults.Ok(new UsageResponse(reposBytes + agentsBytes, reposBytes, agentsBytes, repos, agents));
    }

    private static IEnumerable<DiskUsage> Children(string root) => Directory.Exists(root)
        ? new DirectoryInfo(root).EnumerateDirectories().Select(d => new DiskUsage(d.Name, Size(d)))
            .OrderByDescending(d => d.Bytes)
        : [];

    private static long Size(DirectoryInfo dir) =>
        dir.EnumerateFiles("*", AllFiles).Sum(f => f.Length);

    private static readonly EnumerationOptions AllFiles = new()
    {
        RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true,
    };

    /// <summary>
    /// Every branch a new branch could start from or collide with: the clone's own and origin's. Origin is fetched
    /// first, but an unreachable origin only means its branches are as last fetched.
    /// </summary>
    private static async Task<Ok<BranchResponse[]>> BranchesAsync(
        string projectId, AgentsDbContext db, ProjectClones clones, CancellationToken cancellationToken)
    {
        var project = await FindProjectAsync(projectId, db, cancellationToken);
        string repo;
        try { (repo, _) = await clones.PrepareAsync(project, OriginFetch.Always, cancellationToken); }
        catch (GitException ex) { throw new OriginUnreachableException(ex.Message); }
        var branches = await Branches.ListAsync(repo);
        return TypedResults.Ok(branches.Select(b => new BranchResponse(b.Name, b.Commit)).ToArray());
    }

    private static async Task<Ok<DiffResponse>> DiffAsync(
        string projectId, string? @base, string? head, AgentsDbContext db, ProjectClones clones,
        SharedRemote shared, CancellationToken cancellationToken)
    {
        var (repo, baseSha, headSha) = await ResolveAsync(projectId, @base, head, db, clones, shared,
            cancellationToken);
        var mergeBase = await Git.RunAsync(repo, "merge-base", baseSha, headSha);
        var names = await Git.RunAsync(repo, "diff", "--name-status", "--no-renames", mergeBase, headSha);
        var files = names.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t', 2))
            .Select(p => new DiffFile(p[0], p[1])).ToArray();
        var patch = await Git.RunAsync(repo, "diff", "--no-color", mergeBase, headSha);
        return TypedResults.Ok(new DiffResponse(@base!, head!, mergeBase, files, patch));
    }

    private static async Task<Ok<CommitResponse[]>> CommitsAsync(
        string projectId, string? @base, string? head, AgentsDbContext db, ProjectClones clones,
        SharedRemote shared, CancellationToken cancellationToken)
    {
        var (repo, baseSha, headSha) = await ResolveAsync(projectId, @base, head, db, clones, shared,
            cancellationToken);
        var log = await Git.RunAsync(repo, "log", "--format=%H%x1f%an%x1f%aI%x1f%s", $"{baseSha}..{headSha}");
        var commits = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\u001f'))
            .Select(p =>
            new CommitResponse(p[0], p[1],
            DateTimeOffset.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture), p[3])).ToArray();
        return TypedResults.Ok(commits);
    }

    private static async Task<(string Repo, string Base, string Head)> ResolveAsync(
        string projectId, string? @base, string? head, AgentsDbContext db, ProjectClones clones, SharedRemote shared,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!RefNames.IsSafe(@base))
            errors["base"] = ["A branch, tag or commit name is required (letters, digits, / - _ . only)."];
        if (!RefNames.IsSafe(head))
            errors["head"] = ["A branch, tag or commit name is required (letters, digits, / - _ . only)."];
        if (errors.Count > 0) throw new ValidationException(errors);
        var project = await FindProjectAsync(projectId, db, cancellationToken);
        var repo = await clones.EnsureAsync(project, cancellationToken);
        // Another runner's branches and merges: fetched from the shared remote. A read goes on with what the clone
        // has when that fails (the branch diverged, the remote is unreachable).
        if (shared.Enabled)
        {
            try { await shared.SyncAsync(repo, project, [@base!, head!]); }
            catch (GitException) { }
        }
        return (repo, await RevAsync(repo, @base!, "base"), await RevAsync(repo, head!, "head"));
    }

    private static async Task<Domain.ProjectClone> FindProjectAsync(
        string projectId, AgentsDbContext db, CancellationToken cancellationToken) =>
        await db.Projects.FindAsync([projectId], cancellationToken) is { IsDeleted: false } found ? found
            : throw new NotFoundException("Project", projectId);

    private static async Task<string> RevAsync(string repo, string name, string field)
    {
        foreach (var candidate in (string[])[$"refs/heads/{name}", $"refs/remotes/origin/{name}", name])
        {
            var result = await Git.TryAsync(repo, "rev-parse", "--verify", "--quiet", $"{candidate}^{{commit}}");
            if (result.Ok) return result.Output;
        }
        throw new ValidationException(field, $"'{name}' is not a branch or commit of this project.");
    }

    /// <summary>The project has no clone yet and its origin cannot be cloned: there is nothing to read.</summary>
    private sealed class OriginUnreachableException(string detail)
        : ProblemException(StatusCodes.Status503ServiceUnavailable, "Origin unreachable", detail);
}
