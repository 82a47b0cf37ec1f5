using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Workspace;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Apis;

/// <summary>
/// What deleting a project or an initiative would put at risk: its branches with commits the default branch lacks,
/// and its agents still at work. Planning asks before such a delete, and wants <c>force</c> when there is any.
/// </summary>
public static class UnmergedWorkApi
{
    /// <summary>
    /// A project and the branches to check; none given means every branch of its clone but the default one.
    /// </summary>
    public sealed record ProjectBranches(string? ProjectId, string[]? Branches);

    /// <summary>
    /// The agents asked about are those of the initiative when given, else those working in the projects.
    /// </summary>
    public sealed record UnmergedRequest(ProjectBranches[]? Projects, string? InitiativeId);

    public sealed record UnmergedBranch(string ProjectId, string Project, string Branch, int Commits);
    public sealed record WorkingAgent(string Id, string Name, string Status);
    public sealed record UnmergedResponse(UnmergedBranch[] Branches, WorkingAgent[] Agents);

    public static IEndpointRouteBuilder MapUnmergedWorkApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/workspace/unmerged", FindAsync).WithTags("Workspace").WithName("FindUnmergedWork")
            .WithSummary("Branches with commits the default branch lacks, and agents still at work, of projects or an "
                + "initiative: what a delete would put at risk.");
        return routes;
    }

    private static async Task<Ok<UnmergedResponse>> FindAsync(
        UnmergedRequest request, AgentsDbContext db, ProjectClones clones, AgentFiles files,
        CancellationToken cancellationToken)
    {
        var asked = request.Projects ?? [];
        if (asked.Any(p => string.IsNullOrWhiteSpace(p.ProjectId)))
            throw new ValidationException("projects", "Every project needs its projectId.");
        var bad = asked.SelectMany(p => p.Branches ?? []).FirstOrDefault(b => !RefNames.IsSafe(b) || b.Contains('~')
            || b.Contains('^'));
        if (bad is not null) throw new ValidationException("branches", $"'{bad}' is not a valid branch name.");

        var ids = asked.Select(p => p.ProjectId!).ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id) && !p.IsDeleted)
            .ToListAsync(cancellationToken);
        var branches = new List<UnmergedBranch>();
        foreach (var project in projects)
        {
            var repo = clones.PathOf(project);
            if (string.IsNullOrEmpty(project.Name) || !Directory.Exists(Path.Combine(repo, ".git"))) continue;
            var wanted = asked.First(p => p.ProjectId == project.Id).Branches;
            branches.AddRange(await UnmergedBranchesAsync(repo, project, wanted));
        }
        var working = await db.Agents.AsNoTracking()
            .Where(a => a.Status != AgentStatus.Stopped && a.Status != AgentStatus.Crashed)
            .ToListAsync(cancellationToken);
        var atWork = request.InitiativeId is { } initiativeId
            ? working.Where(a => a.InitiativeId == initiativeId)
            : working.Where(a => projects.Any(p => p.Name != ""
                && File.Exists(Path.Combine(files.PathsFor(a.Name).Root, p.Name, ".git"))));
        return TypedResults.Ok(new UnmergedResponse([.. branches],
            [.. atWork.Select(a => new WorkingAgent(a.Id, a.Name, a.Status.ToText()))]));
    }

    /// <summary>The clone's branches (of <paramref name="wanted"/>, else all) with commits its default lacks.</summary>
    private static async Task<IEnumerable<UnmergedBranch>> UnmergedBranchesAsync(
        string repo, ProjectClone project, string[]? wanted)
    {
        var local = await Git.RunAsync(repo, "for-each-ref", "--format=%(refname:lstrip=2)", "refs/heads");
        var names = local.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(b => b != project.DefaultBranch && (wanted is null || wanted.Contains(b, StringComparer.Ordinal)));
        // The default branch as the clone and origin have it: a commit on either is merged.
        string[] merged = [.. (await Task.WhenAll(
                Branches.LocalAsync(repo, project.DefaultBranch),
                ShaAsync(repo, $"refs/remotes/origin/{project.DefaultBranch}")))
            .OfType<string>()];
        var found = new List<UnmergedBranch>();
        foreach (var branch in names)
        {
            var count = await Git.RunAsync(repo, ["rev-list", "--count", $"refs/heads/{branch}", "--not", .. merged]);
            if (int.TryParse(count, out var commits) && commits > 0)
                found.Add(new UnmergedBranch(project.Id, project.Name, branch, commits));
        }
        return found;
    }

    private static async Task<string?> ShaAsync(string repo, string reference)
    {
        var result = await Git.TryAsync(repo, "rev-parse", "--verify", "--quiet", $"{reference}^{{commit}}");
        return result.Ok ? result.Output : null;
    }
}
