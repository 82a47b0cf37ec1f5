using Codewalkers.Planning.Application;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Execution;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Apis;

public static class InitiativesApi
{
    public sealed record CreateInitiativeRequest(string? Name, string? Branch, string? ExecutionMode,
        bool? QualityReview, IReadOnlyList<string?>? ProjectIds, IReadOnlyList<string?>? Providers = null,
        string? VerifyCommand = null);

    public sealed record UpdateInitiativeRequest(string? Name, string? Branch, string? ExecutionMode,
        bool? QualityReview, IReadOnlyList<string?>? Providers = null, string? VerifyCommand = null);

    public sealed record SetProjectsRequest(IReadOnlyList<string?>? ProjectIds);

    public static IEndpointRouteBuilder MapInitiativesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapPlanningGroup("/api/initiatives", "Initiatives");
        api.MapPost("/", CreateAsync).WithName("CreateInitiative")
            .WithSummary("Create an initiative with its root page. The branch defaults to a unique cw/<slug> of the " +
                "name; executionMode yolo | review_per_phase (default); providers: the agents' providers in order " +
                "(empty: the Agents service's default); verifyCommand: replaces its projects' verify commands for its " +
                "work.");
        api.MapGet("/", ListAsync).WithName("ListInitiatives")
            .WithSummary("List initiatives, newest first; filter by status, page with skip/take.");
        api.MapGet("/{id}", GetAsync).WithName("GetInitiative")
            .WithSummary("Get one initiative, with branchLocked (true once a task has left pending).");
        api.MapPatch("/{id}", UpdateAsync).WithName("UpdateInitiative")
            .WithSummary("Change name, branch (until a task has left pending), executionMode, qualityReview or " +
                "providers (replaced whole; [] for the default) or verifyCommand (\"\" clears); absent fields stay.");
        api.MapPut("/{id}/projects", SetProjectsAsync).WithName("SetInitiativeProjects")
            .WithSummary("Set the linked projects as a whole; only links that change are written.");
        api.MapPost("/{id}/submit-for-review",
            (string id, PlanningDbContext db, TimeProvider clock, CancellationToken ct) =>
            TransitionAsync(id, db, clock, (i, now) => i.SubmitForReview(now), ct))
                .WithName("SubmitInitiativeForReview").WithSummary("active -> pending_review.");
        api.MapPost("/{id}/complete", (string id, PlanningDbContext db, TimeProvider clock, CancellationToken ct) =>
            TransitionAsync(id, db, clock, (i, now) => i.Complete(now), ct)).WithName("CompleteInitiative")
                .WithSummary("pending_review -> completed.");
        api.MapPost("/{id}/archive", (string id, PlanningDbContext db, TimeProvider clock, CancellationToken ct) =>
            TransitionAsync(id, db, clock, (i, now) => i.Archive(now), ct)).WithName("ArchiveInitiative")
                .WithSummary("Archive an initiative that is not archived.");
        api.MapPost("/{id}/reactivate", (string id, PlanningDbContext db, TimeProvider clock, CancellationToken ct) =>
            TransitionAsync(id, db, clock, (i, now) => i.Reactivate(now), ct)).WithName("ReactivateInitiative")
                .WithSummary("archived -> active.");
        api.MapDelete("/{id}", DeleteAsync).WithName("DeleteInitiative")
            .WithSummary("Delete the initiative with its pages, phases, tasks, proposals and change sets; a delete " +
                "event is published for each. Unmerged work or agents at work: 409 unless force=true.");
        api.MapGet("/{id}/tree", TreeApi.GetTreeAsync).WithName("GetInitiativeTree").Produces<TreeApi.TreeResponse>()
            .WithSummary("Phases, tasks and both dependency lists of an initiative in one call (no document content).");
        api.MapGet("/{id}/ready-tasks", TreeApi.GetReadyTasksAsync).WithName("GetReadyTasks")
            .WithSummary("Pending execution tasks whose dependencies are all completed, highest priority then " +
                "oldest first.");
        return routes;
    }

    private static async Task<Created<InitiativeResponse>> CreateAsync(
        CreateInitiativeRequest request, PlanningDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var name = Guard.Name("name", request.Name);
        var mode = EnumText.Parse("executionMode", request.ExecutionMode, ExecutionMode.ReviewPerPhase);
        var providers = InitiativeProviders.Valid(request.Providers);
        var verifyCommand = Initiative.ValidVerifyCommand(request.VerifyCommand);
        var projectIds = await ExistingProjectsAsync(db, request.ProjectIds, cancellationToken);
        string branch;
        if (request.Branch is not null)
        {
            branch = request.Branch.Trim();
            if (await db.Initiatives.AnyAsync(i => i.Branch == branch, cancellationToken))
                throw new ConflictException($"Branch '{branch}' is already used by another initiative.",
                    "Duplicate branch");
        }
        else
        {
            var slugBranch = Initiative.BranchCandidates(name).First();
            var taken = await db.Initiatives.Where(i => i.Branch == slugBranch || i.Branch.StartsWith(slugBranch + "-"))
                .Select(i => i.Branch).ToListAsync(cancellationToken);
            branch = Initiative.BranchCandidates(name).First(b => !taken.Contains(b));
        }

        var initiative = Initiative.Create(name, branch, mode, request.QualityReview ?? false, now, providers,
            verifyCommand);
        initiative.SetProjects(projectIds, now);
        var root = Page.CreateRoot(initiative, now);
        db.Initiatives.Add(initiative);
        db.Pages.Add(root);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/initiatives/{initiative.Id}",
            InitiativeResponse.From(initiative, false, root.Id));
    }

    private static async Task<Ok<Paged<InitiativeResponse>>> ListAsync(
        string? status, int? skip, int? take, PlanningDbContext db, CancellationToken cancellationToken)
    {
        var (from, count) = ApiSupport.Paging(skip, take);
        var query = db.Initiatives.AsNoTracking();
        if (status is not null)
        {
            var wanted = EnumText.Parse<InitiativeStatus>("status", status);
            query = query.Where(i => i.Status == wanted);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.Include(i => i.Projects).OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id)
            .Skip(from).Take(count).ToListAsync(cancellationToken);
        var ids = items.Select(i => i.Id).ToList();
        var locked = (await db.Tasks.Where(t => ids.Contains(t.InitiativeId) && t.Status != Domain.TaskStatus.Pending)
            .Select(t => t.InitiativeId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        var roots = await db.Pages.Where(p => ids.Contains(p.InitiativeId) && p.ParentPageId == null)
            .ToDictionaryAsync(p => p.InitiativeId, p => p.Id, cancellationToken);
        return TypedResults.Ok(new Paged<InitiativeResponse>(
            [.. items.Select(i
                => InitiativeResponse.From(i, locked.Contains(i.Id), roots.GetValueOrDefault(i.Id, "")))], total, from,
                count));
    }

    private static async Task<Ok<InitiativeResponse>> GetAsync(string id, PlanningDbContext db,
        CancellationToken cancellationToken)
    {
        var initiative = await db.Initiatives.AsNoTracking().Include(i => i.Projects)
            .FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
            ?? throw new NotFoundException("Initiative", id);
        return TypedResults.Ok(await ResponseAsync(db, initiative, cancellationToken));
    }

    private static async Task<Ok<InitiativeResponse>> UpdateAsync(
        string id, UpdateInitiativeRequest request, PlanningDbContext db, TimeProvider clock,
            CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var initiative = await LoadAsync(db, id, cancellationToken);
        var mode = request.ExecutionMode is null ? (ExecutionMode?)null
            : EnumText.Parse<ExecutionMode>("executionMode", request.ExecutionMode);
        var providers = request.Providers is null ? null : InitiativeProviders.Valid(request.Providers);
        // Validated before anything changes, like the other fields: a bad command leaves the initiative as it was.
        if (request.VerifyCommand is not null) Initiative.ValidVerifyCommand(request.VerifyCommand);
        if (request.Name is not null) initiative.Rename(request.Name, now);
        if (request.Branch is not null)
        {
            var branch = request.Branch.Trim();
            if (await db.Initiatives.AnyAsync(i => i.Branch == branch && i.Id != id, cancellationToken))
                throw new ConflictException($"Branch '{branch}' is already used by another initiative.",
                    "Duplicate branch");
            initiative.ChangeBranch(branch, await BranchLockedAsync(db, id, cancellationToken), now);
        }
        if (mode is not null || request.QualityReview is not null) initiative.Configure(mode, request.QualityReview,
            now);
        if (providers is not null) initiative.SetProviders(providers, now);
        if (request.VerifyCommand is not null) initiative.SetVerifyCommand(request.VerifyCommand, now);
        // An update request announces the initiative even when it changed nothing, as it always has.
        initiative.AnnounceEvenIfUnchanged();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ResponseAsync(db, initiative, cancellationToken));
    }

    private static async Task<Ok<InitiativeResponse>> SetProjectsAsync(
        string id, SetProjectsRequest request, PlanningDbContext db, TimeProvider clock,
            CancellationToken cancellationToken)
    {
        if (request.ProjectIds is null) throw new ValidationException("projectIds",
            "ProjectIds is required (an empty list unlinks all).");
        var initiative = await LoadAsync(db, id, cancellationToken);
        var projectIds = await ExistingProjectsAsync(db, request.ProjectIds, cancellationToken);
        if (initiative.SetProjects(projectIds, clock.GetUtcNow())) await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ResponseAsync(db, initiative, cancellationToken));
    }

    private static async Task<Ok<InitiativeResponse>> TransitionAsync(
        string id, PlanningDbContext db, TimeProvider clock, Action<Initiative, DateTimeOffset> transition,
            CancellationToken cancellationToken)
    {
        var initiative = await LoadAsync(db, id, cancellationToken);
        transition(initiative, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ResponseAsync(db, initiative, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, bool? force,
        PlanningDbContext db, WorkspaceClient workspace, TimeProvider clock, CancellationToken cancellationToken)
    {
        var initiative = await LoadAsync(db, id, cancellationToken);
        var atRisk = await workspace.UnmergedAsync(
            await InitiativeBranchesAsync(db, initiative, cancellationToken), id, cancellationToken);
        if (!atRisk.IsEmpty && force != true) return UnmergedWorkProblem.For("initiative", initiative.Name, atRisk);
        var graph = await InitiativeGraph.LoadAsync(db, id, clock.GetUtcNow(), cancellationToken);
        graph.DeleteAll();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// The branches of the initiative in each of its projects: its own, its phases' and its tasks' (a task's branch
    /// exists once an agent worked on it).
    /// </summary>
    private static async Task<IReadOnlyList<WorkspaceClient.ProjectBranches>> InitiativeBranchesAsync(
        PlanningDbContext db, Initiative initiative, CancellationToken cancellationToken)
    {
        var phases = await db.Phases.Where(p => p.InitiativeId == initiative.Id && p.Branch != null)
            .Select(p => p.Branch!).ToListAsync(cancellationToken);
        var tasks = await db.Tasks.Where(t => t.InitiativeId == initiative.Id).ToListAsync(cancellationToken);
        string[] branches =
            [initiative.Branch, .. phases, .. tasks.Select(t => Execution.Branches.ForTask(initiative, t))];
        return [.. initiative.Projects.Select(p => new WorkspaceClient.ProjectBranches(p.ProjectId, branches))];
    }

    /// <summary>The initiative with its linked projects, or a 404.</summary>
    internal static async Task<Initiative> LoadAsync(PlanningDbContext db, string id,
        CancellationToken cancellationToken) =>
        await db.Initiatives.Include(i => i.Projects).FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
            ?? throw new NotFoundException("Initiative", id);

    internal static Task<bool> BranchLockedAsync(PlanningDbContext db, string id,
        CancellationToken cancellationToken) =>
        db.Tasks.AnyAsync(t => t.InitiativeId == id && t.Status != Domain.TaskStatus.Pending, cancellationToken);

    private static async Task<InitiativeResponse> ResponseAsync(PlanningDbContext db, Initiative initiative,
        CancellationToken cancellationToken)
    {
        var rootPageId = await db.Pages.Where(p => p.InitiativeId == initiative.Id && p.ParentPageId == null)
            .Select(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        return InitiativeResponse.From(initiative, await BranchLockedAsync(db, initiative.Id, cancellationToken),
            rootPageId ?? "");
    }

    private static async Task<IReadOnlyList<string>> ExistingProjectsAsync(PlanningDbContext db,
        IReadOnlyList<string?>? requested, CancellationToken cancellationToken)
    {
        var ids = ApiSupport.IdList("projectIds", requested, 100);
        if (ids.Count == 0) return ids;
        var found = await db.Projects.Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
        var missing = ids.Except(found).FirstOrDefault();
        return missing is null ? ids : throw new NotFoundException("Project", missing);
    }
}
