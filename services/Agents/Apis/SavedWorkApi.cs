using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Workspace;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Apis;

/// <summary>
/// Work saved before a worktree, branch or clone was removed (<see cref="SavedWork"/>): listed, and restored to a
/// branch in one call.
/// </summary>
public static class SavedWorkApi
{
    /// <summary>
    /// One save. <c>ProjectId</c> is null for a deleted project's archived clone (<c>ProjectDeleted</c>).
    /// </summary>
    public sealed record SavedWorkResponse(
        string? ProjectId, string Project, bool ProjectDeleted, string AgentId, string Ref, DateTimeOffset Time,
        string Commit, int FilesChanged, string Summary);

    public sealed record RestoreRequest(string? Ref, string? Branch);

    public sealed record RestoredResponse(
        string? ProjectId, string Project, bool ProjectDeleted, string Ref, string Branch, string Commit);

    public static IEndpointRouteBuilder MapSavedWorkApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/workspace/saved").WithTags("Workspace");
        group.MapGet("/", ListAsync).WithName("ListSavedWork")
            .WithSummary(
                "Work saved before a worktree, branch or clone was removed (refs/cw/saved/...), newest first.");
        group.MapPost("/restore", RestoreAsync).WithName("RestoreSavedWork")
            .WithSummary("Create a branch at a saved ref, in the clone that holds it.");
        return routes;
    }

    private static async Task<Ok<SavedWorkResponse[]>> ListAsync(
        SavedWorkStore store, AgentsDbContext db, CancellationToken cancellationToken)
    {
        var entries = await store.ListAsync();
        var projects = await ProjectsByFolderAsync(db, cancellationToken);
        return TypedResults.Ok(entries.Select(e =>
        {
            var (projectId, project) = Describe(e.Holder, projects);
            return new SavedWorkResponse(projectId, project, e.Holder.Archived, e.AgentId, e.Ref, e.Time, e.Commit,
                e.FilesChanged, e.Summary);
        }).ToArray());
    }

    private static async Task<Created<RestoredResponse>> RestoreAsync(
        RestoreRequest request, SavedWorkStore store, AgentsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Ref is not { } reference || !reference.StartsWith(SavedWork.RefPrefix, StringComparison.Ordinal)
            || !RefNames.IsSafe(reference) || reference.Contains('~') || reference.Contains('^'))
            errors["ref"] =
                [$"A saved ref is required ({SavedWork.RefPrefix}<agent>/<time>, as GET /api/workspace/saved lists)."];
        if (request.Branch is not { } branch || !RefNames.IsSafe(branch) || branch.Contains('~')
            || branch.Contains('^') || branch.StartsWith("refs/", StringComparison.Ordinal))
            errors["branch"] = ["A branch name is required (letters, digits, / - _ . only)."];
        if (errors.Count > 0) throw new ValidationException(errors);

        var (holder, commit) = await store.FindAsync(request.Ref!)
            ?? throw new NotFoundException("Saved work", request.Ref!);
        var created = await Branches.MoveAsync(holder.Repo, request.Branch!, commit, expected: null);
        if (!created.Ok)
        {
            throw await Branches.LocalAsync(holder.Repo, request.Branch!) is not null
                ? new ConflictException($"Branch '{request.Branch}' exists already; choose another name.",
                    "Branch exists")
                : new ValidationException("branch", $"'{request.Branch}' cannot be a branch: {created.Error}");
        }
        var (projectId, project) = Describe(holder, await ProjectsByFolderAsync(db, cancellationToken));
        return TypedResults.Created(
            projectId is null ? null : $"/api/workspace/projects/{projectId}/branches",
            new RestoredResponse(projectId, project, holder.Archived, request.Ref!, request.Branch!, commit));
    }

    /// <summary>Live projects by their clone's folder (the project's name).</summary>
    private static async Task<Dictionary<string, ProjectClone>> ProjectsByFolderAsync(
        AgentsDbContext db, CancellationToken cancellationToken) =>
        (await db.Projects.AsNoTracking().Where(p => !p.IsDeleted && p.Name != "").ToListAsync(cancellationToken))
            .DistinctBy(p => p.Name).ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>
    /// The project's id and name; an archived clone's folder is its name and the time it was archived.
    /// </summary>
    private static (string? Id, string Name) Describe(SavedWorkStore.Holder holder,
        Dictionary<string, ProjectClone> projects)
    {
        if (holder.Archived)
        {
            var dash = holder.Folder.LastIndexOf('-');
            return (null, dash > 0 ? holder.Folder[..dash] : holder.Folder);
        }
        return projects.TryGetValue(holder.Folder, out var project)
            ? (project.Id, project.Name)
            : (null, holder.Folder);
    }
}
