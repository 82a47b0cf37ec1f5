using System.Text.Json;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Planning.Apis;

/// <summary>
/// Read-only views over a whole initiative. The records describe the tree's JSON (OpenAPI, clients); the answer itself
/// is written by <see cref="TreeJson"/> and kept up to date by the <see cref="TreeCache"/>.
/// </summary>
public static class TreeApi
{
    public sealed record TreePhase(string Id, string Name, string Status, DateTimeOffset CreatedAt, long Version);

    public sealed record TreeTask(
        string Id, string? PhaseId, string? ParentTaskId, string Name, string Category, string Priority, string Status,
        int Order, int RetryCount, long Version, string? WaitingForTaskId = null);

    /// <summary><c>From</c> depends on <c>To</c>.</summary>
    public sealed record TreeDependency(string From, string To);

    public sealed record TreeResponse(
        string InitiativeId, string Name, string Status, IReadOnlyList<TreePhase> Phases, IReadOnlyList<TreeTask> Tasks,
        IReadOnlyList<TreeDependency> PhaseDependencies, IReadOnlyList<TreeDependency> TaskDependencies);

    public sealed record ReadyTasksResponse(string InitiativeId, IReadOnlyList<string> TaskIds);

    /// <summary>
    /// Answers from the <see cref="TreeCache"/> when nothing changed since the last read of this initiative; after a
    /// write, only the rows it touched are read again (<see cref="TreeReader"/>).
    /// </summary>
    internal static async Task<IResult> GetTreeAsync(
        string id, PlanningDbContext db, TreeCache cache, IOptions<JsonOptions> json,
            CancellationToken cancellationToken)
    {
        if (cache.TryGet(id, out var cached)) return new TreeResult(cached);
        var writer = new TreeJson(new JsonWriterOptions { Encoder = json.Value.SerializerOptions.Encoder,
            SkipValidation = true });
        var refresh = cache.BeginRefresh(id);
        var tree = refresh.Previous is null
            ? await TreeReader.ReadAsync(db, id, writer, cancellationToken)
            : await TreeReader.RefreshAsync(db, refresh.Previous, refresh.Header, refresh.Phases, refresh.Tasks,
                writer, cancellationToken);
        if (tree is null)
        {
            cache.Forget(id);
            throw new NotFoundException("Initiative", id);
        }
        cache.Store(refresh, tree);
        return new TreeResult(tree);
    }

    /// <summary>Copies the snapshot's stored pieces into the response: no 600 KB array built per answer.</summary>
    private sealed class TreeResult(TreeSnapshot tree) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "application/json";
            httpContext.Response.ContentLength = tree.Length;
            tree.WriteTo(httpContext.Response.BodyWriter);
            await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
        }
    }

    internal static async Task<Ok<ReadyTasksResponse>> GetReadyTasksAsync(string id, PlanningDbContext db,
        CancellationToken cancellationToken)
    {
        if (!await db.Initiatives.AnyAsync(i => i.Id == id,
            cancellationToken)) throw new NotFoundException("Initiative", id);
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.InitiativeId == id)
            .Select(t => new ReadyTasks.Node(t.Id, t.Status, t.Category, t.Priority, t.CreatedAt))
                .ToListAsync(cancellationToken);
        var edges = await PlanEdges.TasksAsync(db, id, cancellationToken);
        return TypedResults.Ok(new ReadyTasksResponse(id, ReadyTasks.Compute(tasks, edges)));
    }
}
