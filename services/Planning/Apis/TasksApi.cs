using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.ServiceDefaults.Security;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TaskStatus = Codewalkers.Planning.Domain.TaskStatus;

namespace Codewalkers.Planning.Apis;

public static class TasksApi
{
    public sealed record CreateTaskRequest(
        string? PhaseId, string? InitiativeId, string? ParentTaskId, string? Name, string? Description,
        string? Category, string? Priority, int? Order, IReadOnlyList<string?>? DependsOn,
        IReadOnlyList<string?>? Files = null, bool? AllowOverlap = null);

    /// <summary>
    /// <c>files</c> replaces the declared paths (<c>[]</c> clears them); null leaves a field as it is.
    /// </summary>
    public sealed record UpdateTaskRequest(string? Name, string? Description, string? Category, string? Priority,
        int? Order, IReadOnlyList<string?>? Files = null, bool? AllowOverlap = null);

    public sealed record TaskActionRequest(string? Reason, string? Summary);

    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapPlanningGroup("/api/tasks", "Tasks");
        var shared = new DependentEndpoints<PlanTask, TaskResponse>(api, TaskResponse.From);
        api.MapPost("/", CreateAsync).WithName("CreateTask")
            .WithSummary("Create a pending task in a phase and/or initiative, optionally under a parent task and " +
                "depending on tasks of the same initiative. With an agent token: only under the agent's own task " +
                "(the default parent).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", ListAsync).WithName("ListTasks")
            .WithSummary("List tasks by phase then order; filter by initiativeId, phaseId, parentTaskId, status, " +
                "category; page with skip/take.");
        shared.MapGetOne("GetTask", "Get one task with its summary and dependencies.");
        api.MapPatch("/{id}", UpdateAsync).WithName("UpdateTask")
            .WithSummary("Change name, description, category, priority, order, the declared files or allowOverlap.");
        shared.MapDeleteOne("DeleteTask",
            "Delete the task with its subtasks; tasks depending on them lose that dependency. " +
            "Events are published for each.",
            (graph, id) => graph.DeleteTask(graph.Tasks[id]));
        shared.MapDependencies();
        Transition("start", "StartTask", "pending -> in_progress.", (t, _, now) => t.Start(now));
        Transition("submit-for-quality-review", "SubmitTaskForQualityReview", "in_progress -> quality_review.",
            (t, _, now) => t.SubmitForQualityReview(now));
        Transition("complete", "CompleteTask",
            "in_progress or quality_review -> completed, storing the summary ({\"summary\": \"...\"}).",
            (t, body, now) => t.Complete(body?.Summary, now));
        Transition("block", "BlockTask", "Block a task that is not completed, with a reason ({\"reason\": \"...\"}).",
            (t, body, now) => t.Block(body?.Reason, now));
        Transition("retry", "RetryBlockedTask", "blocked -> pending with retryCount reset to 0.",
            (t, _, now) => t.Retry(now));
        return routes;

        void Transition(
            string path, string name, string summary,
            Action<PlanTask, TaskActionRequest?, DateTimeOffset> transition) =>
            shared.MapTransition(path, name, summary, transition);
    }

    private static async Task<Created<TaskResponse>> CreateAsync(
        CreateTaskRequest request, HttpContext http, PlanningDbContext db, TimeProvider clock, PlanWriteGate gate,
            CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(cancellationToken);
        if (http.GetAgentCaller() is { } agent)
            request = await AgentTaskScope.ApplyAsync(agent, request, db, cancellationToken);
        var now = clock.GetUtcNow();
        var category = EnumText.Parse("category", request.Category, TaskCategory.Execute);
        var priority = EnumText.Parse("priority", request.Priority, TaskPriority.Medium);
        var dependsOn = ApiSupport.IdList("dependsOn", request.DependsOn);
        var parent = request.ParentTaskId is null ? null
            : await db.Tasks.FirstOrDefaultAsync(t => t.Id == request.ParentTaskId, cancellationToken)
                ?? throw new NotFoundException("Task", request.ParentTaskId);
        // A subtask named only by its parent lives where the parent does.
        if (parent is not null && request.PhaseId is null && request.InitiativeId is null)
            request = request with { PhaseId = parent.PhaseId, InitiativeId = parent.InitiativeId };
        Phase? phase = null;
        if (request.PhaseId is not null)
        {
            phase = await db.Phases.FirstOrDefaultAsync(p => p.Id == request.PhaseId, cancellationToken)
                ?? throw new NotFoundException("Phase", request.PhaseId);
            if (request.InitiativeId is not null && request.InitiativeId != phase.InitiativeId)
                throw new ValidationException("phaseId",
                    $"Phase '{phase.Id}' belongs to another initiative than '{request.InitiativeId}'.");
        }
        var initiativeId = phase?.InitiativeId ?? request.InitiativeId
            ?? throw new ValidationException("initiativeId",
                "A task needs a phaseId, an initiativeId or a parentTaskId.");
        var initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == initiativeId, cancellationToken)
            ?? throw new NotFoundException("Initiative", initiativeId);

        var task = PlanTask.Create(initiative, phase, parent, request.Name, request.Description, category, priority,
            request.Order, now, await Dependents.ExistingAsync<PlanTask>(db, dependsOn, cancellationToken),
            request.Files, request.AllowOverlap ?? false);
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/tasks/{task.Id}", TaskResponse.From(task));
    }

    private static async Task<Ok<Paged<TaskResponse>>> ListAsync(
        string? initiativeId, string? phaseId, string? parentTaskId, string? status, string? category, int? skip,
        int? take, PlanningDbContext db, CancellationToken cancellationToken)
    {
        var (from, count) = ApiSupport.Paging(skip, take);
        var query = db.Tasks.AsNoTracking();
        if (initiativeId is not null) query = query.Where(t => t.InitiativeId == initiativeId);
        if (phaseId is not null) query = query.Where(t => t.PhaseId == phaseId);
        if (parentTaskId is not null) query = query.Where(t => t.ParentTaskId == parentTaskId);
        if (status is not null)
        {
            var wanted = EnumText.Parse<TaskStatus>("status", status);
            query = query.Where(t => t.Status == wanted);
        }
        if (category is not null)
        {
            var wanted = EnumText.Parse<TaskCategory>("category", category);
            query = query.Where(t => t.Category == wanted);
        }
        var total = await query.CountAsync(cancellationToken);
        var tasks = await query.Include(t => t.Dependencies)
            .OrderBy(t => t.PhaseId).ThenBy(t => t.Order).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Skip(from).Take(count).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<TaskResponse>([.. tasks.Select(TaskResponse.From)], total, from, count));
    }

    private static async Task<Ok<TaskResponse>> UpdateAsync(string id, UpdateTaskRequest request, PlanningDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var category = request.Category is null ? (TaskCategory?)null
            : EnumText.Parse<TaskCategory>("category", request.Category);
        var priority = request.Priority is null ? (TaskPriority?)null
            : EnumText.Parse<TaskPriority>("priority", request.Priority);
        var task = await Dependents.LoadAsync<PlanTask>(db, id, cancellationToken);
        var now = clock.GetUtcNow();
        task.Edit(request.Name, request.Description, category, priority, request.Order, now);
        task.Declare(request.Files, request.AllowOverlap, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(TaskResponse.From(task));
    }
}
