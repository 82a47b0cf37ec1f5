using Codewalkers.Errands.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Errands.Apis;

public static class ProjectsApi
{
    public sealed record ProjectViewResponse(string Id, string Name, string Url, string DefaultBranch);

    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/errands/projects").WithTags("Projects")
            .MapGet("/", ListAsync).WithName("ListErrandProjects")
            .WithSummary("The projects errands can target, as Errands knows them from Planning's events.");
        return routes;
    }

    private static async Task<Ok<ProjectViewResponse[]>> ListAsync(
        ErrandsDbContext db, CancellationToken cancellationToken)
    {
        var projects = await db.Projects.AsNoTracking().Where(p => !p.IsDeleted).OrderBy(p => p.Name)
            .Select(p => new ProjectViewResponse(p.Id, p.Name, p.Url, p.DefaultBranch))
            .ToArrayAsync(cancellationToken);
        return TypedResults.Ok(projects);
    }
}
