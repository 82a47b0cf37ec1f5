using System.Text.Json;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Assignments;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Execution;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Apis;

/// <summary>
/// Execute an initiative, review its phases and the initiative itself, and read what the agents built.
/// </summary>
public static class ExecutionApi
{
    public const string IntegrationPhaseName = "Integration";

    public sealed record FeedbackRequest(string? Feedback);

    public sealed record ApproveInitiativeRequest(bool? PushBranchOnly);

    public sealed record ExecutionResponse(string InitiativeId, DateTimeOffset ExecutionStartedAt,
        string? IntegrationPhaseId);

    public sealed record MergeResponse(
        string Id, string Kind, string? PhaseId, string? TaskId, string ProjectId, string SourceBranch,
        string TargetBranch, string Status, string? MergeBase, string? Error, DateTimeOffset CreatedAt,
        DateTimeOffset? FinishedAt);

    public sealed record ProjectChanges(string ProjectId, string ProjectName, string Base, string Head,
        JsonElement Changes);

    public static IEndpointRouteBuilder MapExecutionApi(this IEndpointRouteBuilder routes)
    {
        var initiatives = routes.MapPlanningGroup("/api/initiatives", "Execution");
        initiatives.MapPost("/{id}/execute", ExecuteAsync).WithName("ExecuteInitiative")
            .WithSummary("Dispatch the initiative's approved phases and their tasks as dependencies allow; adds an " +
                "Integration phase when several phases are leaves.");
        initiatives.MapPost("/{id}/approve", ApproveInitiativeAsync).WithName("ApproveInitiative")
            .WithSummary("pending_review: merge the initiative branch into each project's default branch and push " +
                "it (rolled back if the push fails), or with pushBranchOnly push only the initiative branch.");
        initiatives.MapGet("/{id}/merges", MergesAsync).WithName("ListInitiativeMerges")
            .WithSummary("Every merge and push asked for the initiative, newest first, with errors.");
        initiatives.MapGet("/{id}/diff",
            (string id, string? projectId, PlanningDbContext db, WorkspaceClient workspace, CancellationToken ct) =>
            InitiativeChangesAsync(id, projectId, db, (p, b, h) => workspace.DiffAsync(p, b, h, ct), ct))
                .WithName("InitiativeDiff")
            .WithSummary("Per project: the initiative branch against the default branch (or the stored merge base " +
                "once merged).");
        initiatives.MapGet("/{id}/commits",
            (string id, string? projectId, PlanningDbContext db, WorkspaceClient workspace, CancellationToken ct) =>
            InitiativeChangesAsync(id, projectId, db, (p, b, h) => workspace.CommitsAsync(p, b, h, ct), ct))
                .WithName("InitiativeCommits");

        var phases = routes.MapPlanningGroup("/api/phases", "Execution");
        phases.MapPost("/{id}/review/approve", ApprovePhaseAsync).WithName("ApprovePhaseReview")
            .WithSummary("pending_review: merge the phase branch into the initiative branch; the phase completes " +
                "when merged (at once when nothing was merged into its branch).");
        phases.MapPost("/{id}/review/request-changes", RequestChangesAsync).WithName("RequestPhaseChangesWithFeedback")
            .WithSummary("pending_review -> in_progress with a review task carrying the unresolved review threads " +
                "and any feedback; the phase returns to review when it is done.");
        phases.MapGet("/{id}/diff",
            (string id, string? projectId, PlanningDbContext db, WorkspaceClient workspace, CancellationToken ct) =>
            PhaseChangesAsync(id, projectId, db, (p, b, h) => workspace.DiffAsync(p, b, h, ct), ct))
                .WithName("PhaseDiff")
            .WithSummary("Per project: the phase branch since its merge base with the initiative branch (stored " +
                "once merged).");
        phases.MapGet("/{id}/commits",
            (string id, string? projectId, PlanningDbContext db, WorkspaceClient workspace, CancellationToken ct) =>
            PhaseChangesAsync(id, projectId, db, (p, b, h) => workspace.CommitsAsync(p, b, h, ct), ct))
                .WithName("PhaseCommits");
        return routes;
    }

    private static async Task<Accepted<ExecutionResponse>> ExecuteAsync(
        string id, PlanningDbContext db, PlanWriteGate gate, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var initiative = await InitiativesApi.LoadAsync(db, id, cancellationToken);
        if (initiative.Projects.Count == 0)
            throw new ConflictException($"Initiative '{initiative.Name}' has no project to work on: link one first " +
                $"(PUT /api/initiatives/{id}/projects).", "No project");
        var phases = await db.Phases.Include(p => p.Dependencies).Where(p => p.InitiativeId == id)
            .ToListAsync(cancellationToken);
        if (!phases.Any(p => p.Status != PhaseStatus.Pending))
            throw new ConflictException($"Initiative '{initiative.Name}' has no approved phase: approve the phases " +
                "to execute first.", "Nothing approved");

        initiative.Execute(now);
        // Executing an initiative that already executes changes nothing, but is announced as it always was.
        initiative.AnnounceEvenIfUnchanged();
        var integration = AddIntegrationPhase(db, initiative, phases, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/initiatives/{id}/tree",
            new ExecutionResponse(id, initiative.ExecutionStartedAt!.Value, integration?.Id));
    }

    /// <summary>
    /// Several leaf phases (none depends on them) build separately; an approved Integration phase after all of them,
    /// with one verify task, checks they work together (SPEC-ORIGINAL §2.3). Added once, found again by its name.
    /// </summary>
    private static Phase? AddIntegrationPhase(PlanningDbContext db, Initiative initiative, IReadOnlyList<Phase> phases,
        DateTimeOffset now)
    {
        if (phases.Any(p => p.Name == IntegrationPhaseName)) return null;
        var dependedOn = phases.SelectMany(p => p.DependsOn).ToHashSet(StringComparer.Ordinal);
        var leaves = phases.Where(p => !dependedOn.Contains(p.Id)).ToList();
        if (leaves.Count < 2) return null;
        var phase = Phase.Create(initiative, IntegrationPhaseName, null, now, leaves);
        phase.Approve(now);
        db.Phases.Add(phase);
        var verify = PlanTask.Create(initiative, phase, null,
            ExecutionPrompts.VerifyIntegrationName, ExecutionPrompts.VerifyIntegration,
            TaskCategory.Verify, TaskPriority.High, null, now);
        db.Tasks.Add(verify);
        return phase;
    }

    private static async Task<Ok<PhaseResponseWithMerges>> ApprovePhaseAsync(
        string id, PlanningDbContext db, PlanWriteGate gate, ExecutionCommands commands, TimeProvider clock,
            CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var phase = await LoadPhaseAsync(db, id, cancellationToken);
        if (phase.Status != PhaseStatus.PendingReview)
            throw new ConflictException($"Phase '{phase.Name}' is {phase.Status.ToText()}; only a phase pending " +
                "review can be approved.", "Impossible transition");
        var initiative = await InitiativesApi.LoadAsync(db, phase.InitiativeId, cancellationToken);
        var projects = await db.ProjectsOfAsync(initiative, cancellationToken);
        var merges = await db.Merges.Where(m => m.PhaseId == id && m.Kind == MergeKind.PhaseIntoInitiative)
            .ToListAsync(cancellationToken);
        if (phase.Branch is null || projects.Count == 0
            || !await HasMergedWorkAsync(db, id, cancellationToken))
        {
            // Moved to review by hand, or its tasks never merged into its branch: nothing was built there, so there is
            // nothing to merge (as dispatch completes a phase without work) and no merge asked for a branch that may
            // not exist.
            phase.Complete(now);
        }
        else commands.MergeIntoInitiative(initiative, phase, projects, merges, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new PhaseResponseWithMerges(Apis.PhaseResponse.From(phase),
            [.. (await db.Merges.Where(m => m.PhaseId == id).OrderByDescending(m => m.CreatedAt)
                .ToListAsync(cancellationToken)).Select(ToResponse)]));
    }

    public sealed record PhaseResponseWithMerges(Apis.PhaseResponse Phase, IReadOnlyList<MergeResponse> Merges);

    /// <summary>
    /// The review task gets the phase's unresolved review threads (read fresh from Collaboration) and any feedback;
    /// with neither there is nothing to ask for.
    /// </summary>
    private static async Task<Ok<Apis.TaskResponse>> RequestChangesAsync(
        string id, FeedbackRequest? request, PlanningDbContext db, PlanWriteGate gate, ReviewThreadsClient comments,
            TimeProvider clock, CancellationToken cancellationToken)
    {
        var feedback = Guard.Optional("feedback", request?.Feedback, ReviewTaskDescription.MaxFeedbackLength);
        if (string.IsNullOrWhiteSpace(feedback)) feedback = null;
        var current = await db.Phases.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException("Phase", id);
        // The transition's 409 before a call to Collaboration; that call stays outside the write gate, since
        // Collaboration reads this phase's diff back from this service to anchor the comments.
        if (current.Status != PhaseStatus.PendingReview) current.RequestChanges(clock.GetUtcNow());
        var threads = await comments.UnresolvedAsync(id, cancellationToken);
        if (threads.Count == 0 && feedback is null)
            throw new ValidationException("feedback", $"Phase '{current.Name}' has no unresolved review comment: " +
                "give feedback, or comment on its diff first (cw review add).");

        using var _ = await gate.EnterAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var phase = await LoadPhaseAsync(db, id, cancellationToken);
        var initiative = await InitiativesApi.LoadAsync(db, phase.InitiativeId, cancellationToken);
        phase.RequestChanges(now);
        var review = PlanTask.Create(initiative, phase, null,
            ExecutionPrompts.ReviewFeedbackName(phase.Name), ExecutionPrompts.ReviewFeedback(threads, feedback),
            TaskCategory.Review, TaskPriority.High, null, now);
        db.Tasks.Add(review);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(Apis.TaskResponse.From(review));
    }

    private static async Task<Accepted<IReadOnlyList<MergeResponse>>> ApproveInitiativeAsync(
        string id, ApproveInitiativeRequest? request, PlanningDbContext db, PlanWriteGate gate,
        ExecutionCommands commands, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var initiative = await InitiativesApi.LoadAsync(db, id, cancellationToken);
        if (initiative.Status != InitiativeStatus.PendingReview)
            throw new ConflictException($"Initiative '{initiative.Name}' is {initiative.Status.ToText()}; only an " +
                "initiative pending review can be approved.", "Impossible transition");
        if (await db.Merges.AnyAsync(m => m.InitiativeId == id && m.Status == MergeStatus.Requested
                && (m.Kind == MergeKind.InitiativeIntoDefault || m.Kind == MergeKind.InitiativePush),
                    cancellationToken))
            throw new ConflictException($"Initiative '{initiative.Name}' is already being merged or pushed.",
                "In progress");
        var projects = await db.ProjectsOfAsync(initiative, cancellationToken);
        foreach (var project in projects)
        {
            if (request?.PushBranchOnly == true) commands.RequestPush(initiative, project, now);
            else commands.RequestMerge(MergeKind.InitiativeIntoDefault, initiative, null, null, project,
                initiative.Branch, project.DefaultBranch, now, pushTarget: true);
        }
        await db.SaveChangesAsync(cancellationToken);
        var asked = await db.Merges.Where(m => m.InitiativeId == id && m.Status == MergeStatus.Requested)
            .ToListAsync(cancellationToken);
        return TypedResults.Accepted($"/api/initiatives/{id}/merges",
            (IReadOnlyList<MergeResponse>)[.. asked.Select(ToResponse)]);
    }

    private static async Task<Ok<IReadOnlyList<MergeResponse>>> MergesAsync(string id, PlanningDbContext db,
        CancellationToken cancellationToken)
    {
        _ = await InitiativesApi.LoadAsync(db, id, cancellationToken);
        var merges = await db.Merges.Where(m => m.InitiativeId == id).ToListAsync(cancellationToken);
        return TypedResults.Ok((IReadOnlyList<MergeResponse>)[.. merges.OrderByDescending(m => m.CreatedAt)
            .Select(ToResponse)]);
    }

    private static async Task<Ok<IReadOnlyList<ProjectChanges>>> PhaseChangesAsync(
        string id, string? projectId, PlanningDbContext db, Func<string, string, string, Task<JsonElement>> read,
            CancellationToken cancellationToken)
    {
        var phase = await LoadPhaseAsync(db, id, cancellationToken);
        var initiative = await InitiativesApi.LoadAsync(db, phase.InitiativeId, cancellationToken);
        if (phase.Branch is null) throw new ConflictException($"Phase '{phase.Name}' has not started: it has no " +
            "branch yet.", "Not started");
        // Started (or moved to review) by hand with no task merged in: its branch may not exist anywhere yet.
        if (!await HasMergedWorkAsync(db, id, cancellationToken))
            throw new ConflictException($"Nothing has been merged into the branch of phase '{phase.Name}' yet: none " +
                "of its tasks has finished.", "Nothing built");
        var merges = await db.Merges.Where(m => m.PhaseId == id && m.Kind == MergeKind.PhaseIntoInitiative
            && m.Status == MergeStatus.Merged).ToListAsync(cancellationToken);
        return await ChangesAsync(db, initiative, projectId, phase.Branch, merges, _ => initiative.Branch, read,
            cancellationToken);
    }

    private static async Task<Ok<IReadOnlyList<ProjectChanges>>> InitiativeChangesAsync(
        string id, string? projectId, PlanningDbContext db, Func<string, string, string, Task<JsonElement>> read,
            CancellationToken cancellationToken)
    {
        var initiative = await InitiativesApi.LoadAsync(db, id, cancellationToken);
        var merges = await db.Merges.Where(m => m.InitiativeId == id && m.Kind == MergeKind.InitiativeIntoDefault
            && m.Status == MergeStatus.Merged).ToListAsync(cancellationToken);
        return await ChangesAsync(db, initiative, projectId, initiative.Branch, merges, p => p.DefaultBranch, read,
            cancellationToken);
    }

    /// <summary>
    /// Per project: <paramref name="head"/> from the merge base its merge stored, or from <paramref name="baseBefore"/>
    /// until it merged.
    /// </summary>
    private static async Task<Ok<IReadOnlyList<ProjectChanges>>> ChangesAsync(
        PlanningDbContext db, Initiative initiative, string? projectId, string head, IReadOnlyList<MergeRequest> merged,
        Func<Project, string> baseBefore, Func<string, string, string, Task<JsonElement>> read,
            CancellationToken cancellationToken)
    {
        var result = new List<ProjectChanges>();
        foreach (var project in await db.ProjectsOfAsync(initiative, cancellationToken, projectId))
        {
            var @base = merged.FirstOrDefault(m => m.ProjectId == project.Id)?.MergeBase ?? baseBefore(project);
            result.Add(new ProjectChanges(project.Id, project.Name, @base, head, await read(project.Id, @base, head)));
        }
        return TypedResults.Ok((IReadOnlyList<ProjectChanges>)result);
    }

    private static MergeResponse ToResponse(MergeRequest m) => new(
        m.Id, m.Kind.ToText(), m.PhaseId, m.TaskId, m.ProjectId, m.SourceBranch, m.TargetBranch, m.Status.ToText(),
            m.MergeBase, m.Error, m.CreatedAt, m.FinishedAt);

    /// <summary>
    /// Whether any task of the phase has been merged into its branch (a phase moved by hand may have none: no branch to
    /// read or merge).
    /// </summary>
    private static Task<bool> HasMergedWorkAsync(PlanningDbContext db, string phaseId,
        CancellationToken cancellationToken) =>
        db.Merges.AnyAsync(m => m.PhaseId == phaseId && m.Kind == MergeKind.TaskIntoPhase
            && m.Status == MergeStatus.Merged, cancellationToken);

    private static async Task<Phase> LoadPhaseAsync(PlanningDbContext db, string id,
        CancellationToken cancellationToken) =>
        await db.Phases.Include(p => p.Dependencies).FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException("Phase", id);

}
