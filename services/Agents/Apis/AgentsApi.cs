using System.Text.Json;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Runners;
using Codewalkers.Agents.Supervision;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Projects;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Apis;

public static class AgentsApi
{
    public sealed record SpawnAgentRequest(
        string? RequestId, string? Mode, string? Prompt, string? Provider, string? TaskId, string? PhaseId,
        string? InitiativeId, string? ErrandId, AgentWorkspaceProject[]? Projects, AgentInputFile[]? InputFiles,
        string[]? RequiredOutputs);

    /// <summary>Answers by question id; <c>answer</c> alone is the answer to q1.</summary>
    public sealed record AnswersRequest(Dictionary<string, string>? Answers, string? Answer);

    public sealed record MessageRequest(string? Message);

    public sealed record AgentServices(
        AgentsDbContext Db, AgentSpawner Spawner, AgentSupervisor Supervisor, AgentLifecycle Lifecycle,
        AgentLocks Locks, AgentFiles Files, TimeProvider Clock, AgentWorktrees Worktrees);

    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/agents").WithTags("Agents");
        group.MapPost("/", SpawnAsync).WithName("SpawnAgent")
            .WithSummary("Start an agent on a prompt (idempotent by requestId).");
        group.MapGet("/", ListAsync).WithName("ListAgents")
            .WithSummary("Agents, newest first; dismissed ones only when asked.");
        group.MapGet("/waiting", WaitingAsync).WithName("ListWaitingAgents")
            .WithSummary("Agents waiting for input (?for=capacity: for capacity; ?for=account: for an account), with "
                + "their task, phase and initiative names.");
        group.MapGet("/capacity", AgentCapacity.GetAsync).WithName("GetAgentCapacity")
            .WithSummary("The machine's free memory, load and disk against the admission thresholds.");
        group.MapPut("/capacity", AgentCapacity.SetAsync).WithName("SetAgentCapacity")
            .WithSummary("Set the admission thresholds (kept across restarts; null: the configured default).");
        group.MapGet("/runners", RunnersApi.ListAsync).WithName("ListAgentRunners")
            .WithSummary("The Agents runners: heartbeat, whether alive, and how many agents each runs.");
        group.MapGet("/{id}", GetAsync).WithName("GetAgent").WithSummary("One agent, with its prompt.");
        group.MapGet("/{id}/logs", LogsAsync).WithName("GetAgentLogs")
            .WithSummary("Stored output chunks from a byte offset.");
        group.MapGet("/{id}/output", AgentOutputStream.StreamAsync).WithName("StreamAgentOutput")
            .WithSummary("Server-sent events: stored output from ?from= (or Last-Event-ID), then live chunks.");
        group.MapGet("/{id}/sessions", SessionsAsync).WithName("GetAgentSessions")
            .WithSummary("Each session's tokens, cost, duration and outcome, as the provider reported them.");
        group.MapGet("/{id}/verifications", VerificationsAsync).WithName("GetAgentVerifications")
            .WithSummary("Every run of the project's verify command on the agent's work (oldest first): the evidence.");
        group.MapPost("/{id}/answers", AnswerAsync).AddEndpointFilter<ForwardToOwner>().WithName("AnswerAgent")
            .WithSummary("Answer a waiting agent's questions; resumes its session.");
        group.MapPost("/{id}/messages", MessageAsync).AddEndpointFilter<ForwardToOwner>().WithName("MessageAgent")
            .WithSummary("Send a stopped or waiting agent a message; resumes its session.");
        group.MapPost("/{id}/stop", StopAsync).AddEndpointFilter<ForwardToOwner>().WithName("StopAgent")
            .WithSummary("Stop the agent (SIGINT, SIGTERM, SIGKILL to its process group).");
        group.MapPost("/{id}/dismiss", DismissAsync).WithName("DismissAgent")
            .WithSummary("Hide a finished agent from the default lists.");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteAgent")
            .WithSummary("Delete a finished agent; its log chunks stay.");
        return routes;
    }

    private static async Task<Results<Created<AgentResponse>, Ok<AgentResponse>>> SpawnAsync(
        SpawnAgentRequest? request, [AsParameters] AgentServices services, CancellationToken cancellationToken)
    {
        if (request is null) throw new ValidationException("body", "A JSON body is required.");
        if (BranchProblems(request.Projects) is { Count: > 0 } badBranches) throw new ValidationException(badBranches);
        var command = new SpawnAgent(
            string.IsNullOrWhiteSpace(request.RequestId) ? Ids.New() : request.RequestId,
            request.Mode ?? AgentModes.Execute, request.Prompt ?? "",
            request.Provider, request.TaskId, request.PhaseId, request.InitiativeId, request.ErrandId,
            request.Projects ?? [], request.InputFiles ?? [], request.RequiredOutputs ?? []);
        var (agent, created) = await services.Spawner.CreateAsync(services.Db, command, cancellationToken);
        if (!created) return TypedResults.Ok(AgentResponse.From(agent));
        await services.Db.SaveChangesAsync(cancellationToken);
        services.Supervisor.Wake();
        return TypedResults.Created($"/api/agents/{agent.Id}", AgentResponse.From(agent));
    }

    /// <summary>
    /// Every branch a spawn names reaches git (worktree add, branch creation): each must be a plain branch name, never
    /// option-like (<c>--upload-pack=...</c>), and is named by its place in the body when it is not.
    /// </summary>
    private static Dictionary<string, string[]> BranchProblems(AgentWorkspaceProject[]? projects)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < (projects?.Length ?? 0); i++)
        {
            var project = projects![i];
            Check($"projects[{i}].branch", project.Branch);
            Check($"projects[{i}].baseBranch", project.BaseBranch);
            for (var j = 0; j < (project.EnsureBranches?.Count ?? 0); j++)
            {
                Check($"projects[{i}].ensureBranches[{j}].name", project.EnsureBranches![j]?.Name);
                Check($"projects[{i}].ensureBranches[{j}].from", project.EnsureBranches![j]?.From);
            }
        }
        return errors;

        void Check(string field, string? branch)
        {
            // Nulls are InputShape's to report (the request filter ran first); here only what git would misread.
            if (branch is not null && !ProjectRules.IsBranchName(branch))
            {
                errors[field] = [$"{field} must be a git branch name "
                    + "(letters, digits, '.', '_', '/', '-'; not starting with '-')."];
            }
        }
    }

    private static async Task<Ok<WaitingAgentResponse[]>> WaitingAsync(
        string? @for, AgentsDbContext db, CancellationToken cancellationToken)
    {
        var waitingFor = @for switch
        {
            null or "input" => AgentStatus.WaitingForInput,
            "capacity" => AgentStatus.WaitingForCapacity,
            "account" => AgentStatus.WaitingForAccount,
            _ => throw new ValidationException("for", "for must be input (the default), capacity or account."),
        };
        return TypedResults.Ok(await WaitingAgents.FindAsync(db, waitingFor, cancellationToken));
    }

    private static async Task<Ok<AgentResponse[]>> ListAsync(
        AgentsDbContext db, string? status, bool? includeDismissed, CancellationToken cancellationToken)
    {
        var query = db.Agents.AsNoTracking();
        if (status is not null)
        {
            if (!EnumText.TryParse<AgentStatus>(status, out var wanted))
            {
                throw new ValidationException(
                    "status", $"Status must be one of: {string.Join(", ", AgentStatuses.All)}.");
            }
            query = query.Where(a => a.Status == wanted);
        }
        if (includeDismissed != true) query = query.Where(a => a.UserDismissedAt == null);
        var agents = await query.ToListAsync(cancellationToken);
        return TypedResults.Ok(agents.OrderByDescending(a => a.CreatedAt).Select(a => AgentResponse.From(a)).ToArray());
    }

    private static async Task<Ok<AgentResponse>> GetAsync(string id, AgentsDbContext db, PriceTable prices,
        CancellationToken cancellationToken)
    {
        var agent = await FindAsync(db, id, cancellationToken);
        var last = await db.Verifications.AsNoTracking().Where(v => v.AgentId == id).OrderByDescending(v => v.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var usage = await UsageLedger.OfAgentAsync(db, prices, id, cancellationToken);
        return TypedResults.Ok(AgentResponse.From(agent, withPrompt: true, last)
            with { Usage = UsageRowResponse.From(id, agent.Name, usage) });
    }

    private static async Task<Ok<VerificationResponse[]>> VerificationsAsync(string id, AgentsDbContext db,
        CancellationToken cancellationToken)
    {
        var runs = await db.Verifications.AsNoTracking().Where(v => v.AgentId == id).OrderBy(v => v.Id)
            .ToListAsync(cancellationToken);
        if (runs.Count == 0 && !await db.Agents.AnyAsync(a => a.Id == id, cancellationToken))
            throw new NotFoundException("Agent", id);
        return TypedResults.Ok(runs.Select(VerificationResponse.From).ToArray());
    }

    private static async Task<Ok<LogChunkResponse[]>> LogsAsync(
        string id, long? from, int? limit, AgentsDbContext db, CancellationToken cancellationToken)
    {
        if (from < 0) throw new ValidationException("from", "The offset cannot be negative.");
        if (limit is < 1 or > 10_000) throw new ValidationException("limit", "The limit is 1 to 10000 chunks.");
        var offset = from ?? 0;
        // Chunks outlive the agent, so a deleted agent's logs are still readable by id.
        var chunks = await db.LogChunks.AsNoTracking().Where(c => c.AgentId == id && c.EndOffset > offset)
            .OrderBy(c => c.StartOffset).Take(limit ?? 1000)
            .Select(c =>
                new LogChunkResponse(c.Id, c.SessionNumber, c.StartOffset, c.EndOffset, c.Content, c.CreatedAt))
            .ToArrayAsync(cancellationToken);
        if (chunks.Length == 0 && !await db.Agents.AnyAsync(a => a.Id == id, cancellationToken)
            && !await db.LogChunks.AnyAsync(c => c.AgentId == id, cancellationToken))
            throw new NotFoundException("Agent", id);
        return TypedResults.Ok(chunks);
    }

    public sealed record SessionResponse(
        int SessionNumber, string? ProviderSessionId, string? AccountId, long? InputTokens, long? OutputTokens,
        double? CostUsd, long? DurationMs, int? ExitCode, string Outcome, DateTimeOffset StartedAt,
        DateTimeOffset EndedAt);

    private static async Task<Ok<SessionResponse[]>> SessionsAsync(string id, AgentsDbContext db,
        CancellationToken cancellationToken)
    {
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.AgentId == id).OrderBy(s => s.SessionNumber)
            .Select(s => new SessionResponse(s.SessionNumber, s.ProviderSessionId, s.AccountId, s.InputTokens,
                s.OutputTokens, s.CostUsd, s.DurationMs, s.ExitCode, s.Outcome, s.StartedAt, s.EndedAt))
            .ToArrayAsync(cancellationToken);
        if (sessions.Length == 0 && !await db.Agents.AnyAsync(a => a.Id == id, cancellationToken))
            throw new NotFoundException("Agent", id);
        return TypedResults.Ok(sessions);
    }

    private static async Task<Accepted<AgentResponse>> AnswerAsync(
        string id, AnswersRequest? request, [AsParameters] AgentServices services, CancellationToken cancellationToken)
    {
        var agent = await FindAsync(services.Db, id, cancellationToken);
        var answers = request?.Answers
            ?? (request?.Answer is { } single ? new Dictionary<string, string> { ["q1"] = single } : null);
        if (answers is null || answers.Count == 0
            || answers.Any(a => string.IsNullOrWhiteSpace(a.Key) || string.IsNullOrWhiteSpace(a.Value)))
            throw new ValidationException("answers",
                "Give answers as {\"answers\":{\"q1\":\"...\"}} or {\"answer\":\"...\"}, none empty.");
        if (agent.Status != AgentStatus.WaitingForInput)
            throw new ConflictException(
                $"Agent '{agent.Name}' is {agent.Status.ToText()}; it is not waiting for answers.");
        var known = JsonDocument.Parse(agent.PendingQuestions ?? "[]").RootElement.EnumerateArray()
            .Select(q => q.TryGetProperty("id", out var qid) ? qid.GetString() : null).OfType<string>().ToHashSet();
        var unknown = answers.Keys.Where(k => known.Count > 0 && !known.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new ValidationException("answers", $"No pending question has id {string.Join(", ", unknown)}.");
        var resumed = await services.Lifecycle.ResumeAsync(id, Prompts.Answers(answers), cancellationToken);
        return TypedResults.Accepted($"/api/agents/{id}", AgentResponse.From(resumed));
    }

    private static async Task<Accepted<AgentResponse>> MessageAsync(
        string id, MessageRequest? request, [AsParameters] AgentServices services, CancellationToken cancellationToken)
    {
        await FindAsync(services.Db, id, cancellationToken);
        if (string.IsNullOrWhiteSpace(request?.Message))
            throw new ValidationException("message", "A message is required.");
        var resumed = await services.Lifecycle.ResumeAsync(id, Prompts.Message(request.Message), cancellationToken);
        return TypedResults.Accepted($"/api/agents/{id}", AgentResponse.From(resumed));
    }

    private static async Task<Ok<AgentResponse>> StopAsync(string id, [AsParameters] AgentServices services,
        CancellationToken cancellationToken)
    {
        await FindAsync(services.Db, id, cancellationToken);
        return TypedResults.Ok(AgentResponse.From(await services.Lifecycle.StopAsync(id, cancellationToken)));
    }

    private static async Task<Ok<AgentResponse>> DismissAsync(string id, [AsParameters] AgentServices services,
        CancellationToken cancellationToken)
    {
        var agent = await services.Locks.WithLockAsync(id, async () =>
        {
            var agent = await FindAsync(services.Db, id, cancellationToken);
            agent.Dismiss(services.Clock.GetUtcNow());
            await services.Db.SaveChangesAsync(cancellationToken);
            return agent;
        });
        return TypedResults.Ok(AgentResponse.From(agent));
    }

    private static async Task<NoContent> DeleteAsync(string id, [AsParameters] AgentServices services,
        CancellationToken cancellationToken)
    {
        await services.Locks.WithLockAsync(id, async () =>
        {
            var agent = await FindAsync(services.Db, id, cancellationToken);
            agent.MarkDeleted(services.Clock.GetUtcNow());
            services.Db.Agents.Remove(agent);
            await services.Db.SaveChangesAsync(cancellationToken);
            // Its worktrees (branches and commits stay in the clone, uncommitted work is saved to a ref) and files go
            // with it; its log chunks stay.
            await services.Worktrees.DiscardAsync(services.Files.PathsFor(agent.Name), agent.Id);
            return 0;
        });
        return TypedResults.NoContent();
    }

    private static async Task<Agent> FindAsync(AgentsDbContext db, string id, CancellationToken cancellationToken) =>
        await db.Agents.FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new NotFoundException("Agent", id);
}
