using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Execution;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Apis;

public static class ProjectsApi
{
    public sealed record RegisterProjectRequest(string? Name, string? Url, string? DefaultBranch,
        string? VerifyCommand = null, int? VerifyTimeoutSeconds = null);

    public sealed record UpdateProjectRequest(string? Name, string? DefaultBranch, string? VerifyCommand = null,
        int? VerifyTimeoutSeconds = null);

    public sealed record ProjectResponse(string Id, string Name, string Url, string DefaultBranch,
        DateTimeOffset? LastFetchedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? VerifyCommand,
        int VerifyTimeoutSeconds)
    {
        public static ProjectResponse From(Project p)
            => new(p.Id, p.Name, p.Url, p.DefaultBranch, p.LastFetchedAt, p.CreatedAt, p.UpdatedAt, p.VerifyCommand,
                p.VerifyTimeoutSeconds);
    }

    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/projects").WithTags("Projects");
        api.MapPost("/", RegisterAsync).WithName("RegisterProject")
            .WithSummary("Register a git project: a local repository (absolute path or file:// URL) or a git URL " +
                "(https, http, ssh, git, user@host:path; not link-local or cloud metadata hosts). Name and url are " +
                "unique. verifyCommand (optional) checks execution agents' work before their task counts as done.");
        api.MapGet("/", ListAsync).WithName("ListProjects").WithSummary("List registered projects by name.");
        api.MapGet("/{id}", GetAsync).WithName("GetProject").WithSummary("Get one project.");
        api.MapPatch("/{id}", UpdateAsync).WithName("UpdateProject")
            .WithSummary("Rename the project, change its default branch (which a local repository must have) or its " +
                "verify command and time limit (\"\" removes the check); the url stays.");
        api.MapDelete("/{id}", DeleteAsync).WithName("DeleteProject")
            .WithSummary("Unregister the project: initiatives lose their link to it and ProjectDeleted lets other " +
                "services drop their copies. Unmerged work or agents at work: 409 unless force=true.");
        return routes;
    }

    private static async Task<Created<ProjectResponse>> RegisterAsync(
        RegisterProjectRequest request, PlanningDbContext db, GitRepositoryProbe git, TimeProvider clock,
            CancellationToken cancellationToken)
    {
        var project = Project.Register(request.Name, request.Url, request.DefaultBranch, clock.GetUtcNow(),
            request.VerifyCommand, request.VerifyTimeoutSeconds);
        project.UseCanonicalUrl(await CanonicalUrlAsync(project, git, cancellationToken));

        if (await DuplicateOfAsync(db, project, cancellationToken) is { } duplicate) throw duplicate;

        db.Projects.Add(project);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent registration won the race between the check above and the insert.
            db.ChangeTracker.Clear();
            var winner = await DuplicateOfAsync(db, project, cancellationToken);
            throw winner ?? new ConflictException("The project was registered concurrently.");
        }
        return TypedResults.Created($"/api/projects/{project.Id}", ProjectResponse.From(project));
    }

    private static async Task<Ok<ProjectResponse[]>> ListAsync(PlanningDbContext db,
        CancellationToken cancellationToken)
    {
        var projects = await db.Projects.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(projects.Select(ProjectResponse.From).ToArray());
    }

    private static async Task<Results<Ok<ProjectResponse>, NotFound>> GetAsync(
        string id, PlanningDbContext db, CancellationToken cancellationToken)
    {
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return project is null ? throw new NotFoundException("Project", id)
            : TypedResults.Ok(ProjectResponse.From(project));
    }

    private static async Task<Ok<ProjectResponse>> UpdateAsync(
        string id, UpdateProjectRequest request, PlanningDbContext db, GitRepositoryProbe git, TimeProvider clock,
            CancellationToken cancellationToken)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException("Project", id);
        project.Update(request.Name, request.DefaultBranch, clock.GetUtcNow(), request.VerifyCommand,
            request.VerifyTimeoutSeconds);
        if (request.DefaultBranch is not null && !Project.LooksLikeRemoteGitUrl(project.Url)
            && !await git.HasBranchAsync(project.Url, project.DefaultBranch, cancellationToken))
            throw new ValidationException("defaultBranch",
                $"The repository at '{project.Url}' has no branch '{project.DefaultBranch}'.");
        if (await DuplicateOfAsync(db, project, cancellationToken) is { } duplicate) throw duplicate;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ProjectResponse.From(project));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, bool? force,
        PlanningDbContext db, WorkspaceClient workspace, TimeProvider clock, CancellationToken cancellationToken)
    {
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException("Project", id);
        // Every branch of the project's clone but the default one, and agents working in it. Even with force, Agents
        // saves what the clone holds before removing it.
        var atRisk = await workspace.UnmergedAsync([new(id, null)], initiativeId: null, cancellationToken);
        if (!atRisk.IsEmpty && force != true) return UnmergedWorkProblem.For("project", project.Name, atRisk);
        var now = clock.GetUtcNow();
        var linked = await db.Initiatives.Include(i => i.Projects).Where(i => i.Projects.Any(p => p.ProjectId == id))
            .ToListAsync(cancellationToken);
        foreach (var initiative in linked)
        {
            initiative.SetProjects([.. initiative.Projects.Select(p => p.ProjectId).Where(p => p != id)], now);
        }
        project.Delete(now);
        db.Projects.Remove(project);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<ConflictException?> DuplicateOfAsync(PlanningDbContext db, Project project,
        CancellationToken cancellationToken)
    {
        if (await db.Projects.AnyAsync(p => p.Name == project.Name && p.Id != project.Id, cancellationToken))
            return new ConflictException($"A project named '{project.Name}' is already registered.",
                "Duplicate project name");
        if (await db.Projects.AnyAsync(p => p.Url == project.Url && p.Id != project.Id, cancellationToken))
            return new ConflictException($"The repository '{project.Url}' is already registered.",
                "Duplicate project url");
        return null;
    }

    /// <summary>
    /// A local path must be the root of an existing repository with the default branch; a remote URL (its host already
    /// checked by the project rules) is taken as given.
    /// </summary>
    private static async Task<string> CanonicalUrlAsync(Project project, GitRepositoryProbe git,
        CancellationToken cancellationToken)
    {
        if (Project.LooksLikeRemoteGitUrl(project.Url)) return project.Url;
        if (!Path.IsPathFullyQualified(project.Url))
            throw new ValidationException("url",
                $"'{project.Url}' is neither a git URL (https://, http://, ssh://, git://, user@host:path) nor an " +
                "absolute path to a local repository.");

        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(project.Url));
        if (!await git.IsRepositoryRootAsync(path, cancellationToken))
            throw new ValidationException("url", $"'{path}' is not the root of an existing git repository.");
        if (!await git.HasBranchAsync(path, project.DefaultBranch, cancellationToken))
            throw new ValidationException("defaultBranch",
                $"The repository at '{path}' has no branch '{project.DefaultBranch}'.");
        return path;
    }
}
