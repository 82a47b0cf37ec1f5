using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Errands;
using Codewalkers.Contracts.Projects;
using Codewalkers.Errands.Domain;
using Codewalkers.Errands.Infrastructure;
using Codewalkers.Messaging.Outbox;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Validation;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Errands.Apis;

/// <summary>
/// Errands: create one (a branch and an agent), follow it, talk to its agent, review its diff, merge, resolve a
/// conflict, abandon or delete it. Every change and the commands it sends to the Agents service commit together.
/// </summary>
public static class ErrandsApi
{
    public sealed record CreateRequest(
        string? ProjectId, string? Description, string? BaseBranch = null, string? Provider = null);

    public sealed record MessageRequest(string? Message);

    public sealed record FeedbackRequest(string? Feedback);

    public static IEndpointRouteBuilder MapErrandsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/errands").WithTags("Errands").CheckRequestShapes();
        group.MapPost("/", CreateAsync).WithName("CreateErrand")
            .WithSummary("Starts an errand: a branch from the base branch and an errand agent working on it.");
        group.MapGet("/", ListAsync).WithName("ListErrands")
            .WithSummary("Errands by project and status, newest first, without their threads.");
        group.MapGet("/{id}", GetAsync).WithName("GetErrand").WithSummary("One errand with its thread.");
        group.MapGet("/{id}/diff", DiffAsync).WithName("GetErrandDiff")
            .WithSummary("The errand's change: files, patch and commits since its branch left the base branch.");
        group.MapPost("/{id}/messages", MessageAsync).WithName("MessageErrand")
            .WithSummary("Sends a message to the errand's agent, resuming its session.");
        group.MapPost("/{id}/request-changes", RequestChangesAsync).WithName("RequestErrandChanges")
            .WithSummary("Sends a review's requested changes to the errand's agent.");
        group.MapPost("/{id}/merge", MergeAsync).WithName("MergeErrand")
            .WithSummary("Merges the errand's branch into its base branch and pushes it.");
        group.MapPost("/{id}/resolve", ResolveAsync).WithName("ResolveErrand")
            .WithSummary("Has an agent merge the base branch into the errand's branch and resolve the conflicts.");
        group.MapPost("/{id}/abandon", AbandonAsync).WithName("AbandonErrand")
            .WithSummary("Stops the errand's agent and discards its branch and worktree.");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteErrand")
            .WithSummary("Removes an errand that is not active (discarding a branch it still holds).");
        return routes;
    }

    private static async Task<Created<ErrandResponse>> CreateAsync(
        CreateRequest request, ErrandsDbContext db, AgentsWorkspaceClient agents, CancellationToken cancellationToken)
    {
        var (description, provider) = CheckCreate(request);
        var arrival = ProjectArrival.Start();
        var project = await ProjectArrival.ProjectAsync(db, request.ProjectId!, cancellationToken)
            ?? throw new ValidationException("projectId", $"No project has id '{request.ProjectId}'.");
        var baseBranch = request.BaseBranch ?? project.DefaultBranch;
        var branches = await arrival.BranchesAsync(agents, project.Id, cancellationToken);
        if (!branches.Any(b => b.Name == baseBranch))
        {
            throw new ValidationException("baseBranch",
                $"Branch '{baseBranch}' does not exist in project '{project.Name}'.");
        }
        // A create racing another for the same slug loses on the unique index and picks the next free one.
        for (var attempt = 1; ; attempt++)
        {
            var taken = (await db.Errands.Where(e => e.ProjectId == project.Id).Select(e => e.Branch)
                .ToListAsync(cancellationToken)).Concat(branches.Select(b => b.Name)).ToHashSet(StringComparer.Ordinal);
            var errand = Errand.Create(Ids.New(), project.Id, description, ErrandBranch.Unique(description, taken),
                baseBranch, provider, Ids.New(), DateTimeOffset.UtcNow);
            db.Errands.Add(errand);
            db.Send(ErrandPrompts.Spawn(errand, ErrandPrompts.Errand(project.Name, errand)), AgentQueues.Commands);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return TypedResults.Created($"/api/errands/{errand.Id}", ErrandResponse.From(errand, true));
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Everything a create can get wrong without a lookup, all named at once.</summary>
    private static (string Description, string? Provider) CheckCreate(CreateRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        string description = "";
        try { description = ErrandText.Line("description", request.Description, ErrandText.MaxDescriptionLength); }
        catch (ValidationException ex) { errors["description"] = ex.Errors["description"]; }
        if (ProjectRules.IdProblem(request.ProjectId) is { } badProject) errors["projectId"] = [badProject];
        if (request.BaseBranch is { } branch && !ProjectRules.IsBranchName(branch))
        {
            errors["baseBranch"] = [
                "Base branch must be a valid git branch name (letters, digits, '.', '_', '/', '-'; not starting " +
                $"with '-'; no control characters; at most {ProjectRules.MaxBranchLength} characters)."];
        }
        var provider = string.IsNullOrWhiteSpace(request.Provider) ? null : request.Provider.Trim();
        if (provider is not null && (provider.Length > ErrandText.MaxProviderLength
            || !provider.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || provider[0] == '-'))
        {
            errors["provider"] = [$"Provider must be a provider name (letters, digits, '-', '_', '.'; at most " +
                $"{ErrandText.MaxProviderLength} characters)."];
        }
        if (errors.Count > 0) throw new ValidationException(errors);
        return (description, provider);
    }

    private static async Task<Ok<ErrandResponse[]>> ListAsync(
        string? projectId, string? status, ErrandsDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Errands.AsNoTracking();
        if (status is not null)
        {
            if (!EnumText.TryParse<ErrandStatus>(status, out var wanted))
            {
                throw new ValidationException("status",
                    $"Status must be one of {string.Join(", ", ErrandStatuses.All)}.");
            }
            query = query.Where(e => e.Status == wanted);
        }
        if (projectId is not null) query = query.Where(e => e.ProjectId == projectId);
        // Projected, so the threads (owned, otherwise always loaded) stay in the database.
        var errands = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Select(e => new ErrandResponse(
                e.Id, e.ProjectId, e.Description, e.Branch, e.BaseBranch, e.Provider, e.Status.ToText(),
                e.MergeRequestId != null, e.AgentId, e.AgentName, e.AgentStatus, e.AgentGone, e.Summary, e.Error,
                e.ConflictFiles, e.MergeBase, e.MergeCommit, e.Pushed, e.Version, e.CreatedAt, e.UpdatedAt, null))
            .ToArrayAsync(cancellationToken);
        return TypedResults.Ok(errands);
    }

    private static async Task<Ok<ErrandResponse>> GetAsync(
        string id, ErrandsDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(ErrandResponse.From(await FindAsync(db, id, cancellationToken, tracked: false), true));

    private static async Task<Ok<ErrandDiffResponse>> DiffAsync(
        string id, ErrandsDbContext db, AgentsWorkspaceClient agents, CancellationToken cancellationToken)
    {
        var errand = await FindAsync(db, id, cancellationToken, tracked: false);
        if (errand.Status == ErrandStatus.Abandoned)
        {
            throw new ConflictException(
                $"Errand '{id}' is abandoned: its branch {errand.Branch} was discarded, there is no diff.",
                "No diff");
        }
        // A merged errand's base now holds its change: diff from where the branch left it.
        var (from, fromField) = errand is { Status: ErrandStatus.Merged, MergeBase: { } mergeBase }
            ? (mergeBase, "mergeBase") : (errand.BaseBranch, "baseBranch");
        var diff = await agents.DiffAsync(errand.ProjectId, from, errand.Branch, fromField, "branch",
            cancellationToken);
        var commits = await agents.CommitsAsync(errand.ProjectId, from, errand.Branch, fromField, "branch",
            cancellationToken);
        return TypedResults.Ok(new ErrandDiffResponse(
            errand.Branch, errand.BaseBranch, diff.MergeBase,
            [.. diff.Files.Select(f => new ErrandDiffFile(f.Status, f.Path))], diff.Patch,
            [.. commits.Select(c => new ErrandCommit(c.Sha, c.Author, c.Date, c.Subject))]));
    }

    private static Task<Accepted<ErrandResponse>> MessageAsync(
        string id, MessageRequest request, ErrandsDbContext db, CancellationToken cancellationToken)
    {
        var message = ErrandText.Message("message", request.Message, ErrandText.MaxMessageLength);
        return ChangeAsync(db, id, cancellationToken, (errand, now) =>
            db.Send(errand.Message(message, Ids.New(), now), AgentQueues.Commands));
    }

    private static Task<Accepted<ErrandResponse>> RequestChangesAsync(
        string id, FeedbackRequest request, ErrandsDbContext db, CancellationToken cancellationToken)
    {
        var feedback = ErrandText.Message("feedback", request.Feedback, ErrandText.MaxMessageLength);
        return ChangeAsync(db, id, cancellationToken, (errand, now) =>
            db.Send(errand.RequestChanges(feedback, Ids.New(), now), AgentQueues.Commands));
    }

    private static Task<Accepted<ErrandResponse>> MergeAsync(
        string id, ErrandsDbContext db, CancellationToken cancellationToken) =>
        ChangeAsync(db, id, cancellationToken, (errand, now) =>
            db.Send(errand.Merge(Ids.New(), now), AgentQueues.Commands));

    private static async Task<Accepted<ErrandResponse>> ResolveAsync(
        string id, ErrandsDbContext db, CancellationToken cancellationToken)
    {
        var errand = await FindAsync(db, id, cancellationToken, tracked: false);
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(
            p => p.Id == errand.ProjectId, cancellationToken);
        var projectName = project?.Name is { Length: > 0 } name ? name : errand.ProjectId;
        return await ChangeAsync(db, id, cancellationToken, (tracked, now) =>
        {
            switch (tracked.Resolve(projectName, Ids.New(), now))
            {
                case ResumeAgent resume: db.Send(resume, AgentQueues.Commands); break;
                case SpawnAgent spawn: db.Send(spawn, AgentQueues.Commands); break;
            }
        });
    }

    private static Task<Accepted<ErrandResponse>> AbandonAsync(
        string id, ErrandsDbContext db, CancellationToken cancellationToken) =>
        ChangeAsync(db, id, cancellationToken, (errand, now) =>
            db.Send(errand.Abandon(Ids.New(), now), AgentQueues.Commands));

    private static async Task<NoContent> DeleteAsync(
        string id, ErrandsDbContext db, CancellationToken cancellationToken)
    {
        await ApplyAsync(db, id, cancellationToken, (errand, now) =>
        {
            if (errand.Delete(Ids.New(), now) is { } discard) db.Send(discard, AgentQueues.Commands);
            db.Errands.Remove(errand);
        });
        return TypedResults.NoContent();
    }

    /// <summary>Applies one step to the errand and saves it with what it sends; answers 202 with the errand.</summary>
    private static async Task<Accepted<ErrandResponse>> ChangeAsync(
        ErrandsDbContext db, string id, CancellationToken cancellationToken, Action<Errand, DateTimeOffset> step)
    {
        var errand = await ApplyAsync(db, id, cancellationToken, step);
        return TypedResults.Accepted($"/api/errands/{errand.Id}", ErrandResponse.From(errand, true));
    }

    /// <summary>
    /// Applies the step and saves. A consumer may change the errand between the read and the save (its agent's status,
    /// the answer to a discard): the version check then refuses the save, and the step is applied again to the
    /// errand as it is now, its rules checked again, since what the user asked does not depend on what changed.
    /// </summary>
    private static async Task<Errand> ApplyAsync(
        ErrandsDbContext db, string id, CancellationToken cancellationToken, Action<Errand, DateTimeOffset> step)
    {
        for (var attempt = 1; ; attempt++)
        {
            var errand = await FindAsync(db, id, cancellationToken, tracked: true);
            step(errand, DateTimeOffset.UtcNow);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return errand;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // What the step queued (outbox rows, the errand's events) goes with the stale errand.
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new ConflictException(
                    $"Errand '{id}' kept changing while this request ran; read it again and retry.",
                    "Changed meanwhile");
            }
        }
    }

    private static async Task<Errand> FindAsync(
        ErrandsDbContext db, string id, CancellationToken cancellationToken, bool tracked)
    {
        if (!Ids.IsValid(id)) throw new NotFoundException("Errand", id);
        var query = tracked ? db.Errands : db.Errands.AsNoTracking();
        return await query.FirstOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new NotFoundException("Errand", id);
    }
}
