using System.Globalization;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Supervision;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Apis;

/// <summary>One group of a usage roll-up: its key (a task id, a day, a model...), its name when known, its figures.</summary>
public sealed record UsageRowResponse(
    string? Key, string? Name, int Sessions, long? InputTokens, long? OutputTokens, long? CacheReadTokens,
    long? CacheWriteTokens, decimal? CostUsd, int UnknownSessions)
{
    public static UsageRowResponse From(string? key, string? name, UsageFigures f) => new(key, name, f.Sessions,
        f.InputTokens, f.OutputTokens, f.CacheReadTokens, f.CacheWriteTokens, f.CostUsd, f.UnknownSessions);
}

public sealed record UsageResponse(
    string By, string? InitiativeId, DateTimeOffset? From, DateTimeOffset? To, UsageRowResponse[] Rows,
    UsageRowResponse Total);

public sealed record PriceResponse(
    string Model, decimal Input, decimal Output, decimal CacheRead, decimal CacheWrite, DateOnly SetOn,
    string Source);

public sealed record BudgetResponse(
    string Scope, string Id, string Name, decimal LimitUsd, decimal SpentUsd, int UnknownSessions, bool Reached,
    DateTimeOffset SetAt);

/// <summary>
/// <c>/api/usage</c>: what agent sessions used and cost, rolled up; the price table; the budgets that hold back new
/// agents of an initiative or project once spent.
/// </summary>
public static class UsageApi
{
    public static readonly IReadOnlyList<string> Groupings = ["task", "phase", "initiative", "account", "day", "model"];

    public sealed record PriceRequest(decimal? Input, decimal? Output, decimal? CacheRead, decimal? CacheWrite);

    public sealed record BudgetRequest(decimal? LimitUsd);

    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/usage").WithTags("Usage");
        group.MapGet("/", RollUpAsync).WithName("GetUsage")
            .WithSummary("Tokens and cost of agent sessions grouped by task, phase, initiative, account, day or model.");
        group.MapGet("/prices", Prices).WithName("ListPrices")
            .WithSummary("USD per million tokens per model (shipped, or set at run time), with the day each was set.");
        group.MapPut("/prices/{model}", SetPrice).WithName("SetPrice")
            .WithSummary("Set a model's prices (kept across restarts); a model not listed yet is added.");
        group.MapGet("/budgets", BudgetsAsync).WithName("ListBudgets")
            .WithSummary("Cost budgets of initiatives and projects, with what each has spent so far.");
        group.MapPut("/budgets/{scope}/{id}", SetBudgetAsync).WithName("SetBudget")
            .WithSummary("Set the cost budget of an initiative or a project (scope: initiatives | projects).");
        group.MapDelete("/budgets/{scope}/{id}", DeleteBudgetAsync).WithName("DeleteBudget")
            .WithSummary("Remove a budget: the agents it held back launch.");
        return routes;
    }

    private static async Task<Ok<UsageResponse>> RollUpAsync(
        string? by, string? initiativeId, string? from, string? to, AgentsDbContext db, PriceTable prices,
        CancellationToken cancellationToken)
    {
        by ??= "initiative";
        var errors = new Dictionary<string, string[]>();
        if (!Groupings.Contains(by)) errors["by"] = [$"by must be one of: {string.Join(", ", Groupings)}."];
        var since = Instant(from, "from", errors);
        var until = Instant(to, "to", errors);
        if (since > until) errors["to"] = ["to must not be before from."];
        if (errors.Count > 0) throw new ValidationException(errors);

        var query = db.Sessions.AsNoTracking();
        if (initiativeId is not null) query = query.Where(s => s.InitiativeId == initiativeId);
        if (since is { } start) query = query.Where(s => s.EndedAt >= start);
        if (until is { } end) query = query.Where(s => s.EndedAt < end);
        var sessions = await query.ToListAsync(cancellationToken);
        Func<AgentSession, string?> key = by switch
        {
            "task" => s => s.TaskId,
            "phase" => s => s.PhaseId,
            "initiative" => s => s.InitiativeId,
            "account" => s => s.AccountId,
            "day" => s => s.EndedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => s => s.Model,
        };
        // By model, a session that used several counts in each model's row with that model's tokens and cost.
        var groups = (by == "model" ? sessions.SelectMany(s => s.ByModel()) : sessions).GroupBy(key).ToList();
        var names = await NamesAsync(db, by, [.. groups.Select(g => g.Key).OfType<string>()], cancellationToken);
        var rows = groups
            .Select(g => UsageRowResponse.From(g.Key, g.Key is null ? null : names.GetValueOrDefault(g.Key),
                UsageFigures.Of([.. g], prices)))
            .ToArray();
        // Days in order; anything else the costliest first. Sessions with no task (phase...) come last.
        rows = by == "day"
            ? [.. rows.OrderBy(r => r.Key, StringComparer.Ordinal)]
            : [.. rows.OrderBy(r => r.Key is null).ThenByDescending(r => r.CostUsd ?? 0)
                .ThenBy(r => r.Key, StringComparer.Ordinal)];
        return TypedResults.Ok(new UsageResponse(by, initiativeId, since, until, rows,
            UsageRowResponse.From(null, "total", UsageFigures.Of(sessions, prices))));
    }

    /// <summary>An instant (ISO 8601) or a day (yyyy-MM-dd, UTC midnight).</summary>
    private static DateTimeOffset? Instant(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)) return instant;
        errors[field] = [$"{field} must be a date (2026-12-07) or an ISO 8601 time."];
        return null;
    }

    private static async Task<Dictionary<string, string>> NamesAsync(
        AgentsDbContext db, string by, List<string> keys, CancellationToken cancellationToken)
    {
        var kind = by switch
        {
            "task" => PlanningView.Task,
            "phase" => PlanningView.Phase,
            "initiative" => PlanningView.Initiative,
            _ => null,
        };
        if (kind is not null)
        {
            return await db.PlanningViews.AsNoTracking().Where(v => v.Kind == kind && keys.Contains(v.Id))
                .ToDictionaryAsync(v => v.Id, v => v.Name, cancellationToken);
        }
        if (by == "account")
        {
            return await db.Accounts.AsNoTracking().Where(a => keys.Contains(a.Id))
                .ToDictionaryAsync(a => a.Id, a => a.Email, cancellationToken);
        }
        return [];
    }

    private static Ok<PriceResponse[]> Prices(PriceTable prices) =>
        TypedResults.Ok(prices.All.Select(p => new PriceResponse(p.Model, p.Price.Input, p.Price.Output,
            p.Price.CacheRead, p.Price.CacheWrite, p.Price.SetOn, p.Source)).ToArray());

    private static Ok<PriceResponse> SetPrice(
        string model, PriceRequest? request, PriceTable prices, AgentSupervisor supervisor, TimeProvider clock)
    {
        if (request is null) throw new ValidationException("body", "A JSON body is required.");
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(model) || model.Length > 200 || model.Any(char.IsControl))
            errors["model"] = ["model must be a model name of 1 to 200 printable characters."];
        Check("input", request.Input, required: true);
        Check("output", request.Output, required: true);
        Check("cacheRead", request.CacheRead, required: false);
        Check("cacheWrite", request.CacheWrite, required: false);
        if (errors.Count > 0) throw new ValidationException(errors);
        // Tokens a provider caches are billed like input unless the model's cache prices are given.
        var price = new ModelPrice(request.Input!.Value, request.Output!.Value,
            request.CacheRead ?? request.Input.Value, request.CacheWrite ?? request.Input.Value,
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        prices.Set(model, price);
        // A budget's spend may have changed with the price: held-back agents are judged again.
        supervisor.Wake();
        return TypedResults.Ok(new PriceResponse(model, price.Input, price.Output, price.CacheRead, price.CacheWrite,
            price.SetOn, "set"));

        void Check(string field, decimal? value, bool required)
        {
            if (value is null && required) errors[field] = [$"{field} (USD per million tokens) is required."];
            else if (value < 0) errors[field] = [$"{field} cannot be negative."];
            else if (value > 1_000_000) errors[field] = [$"{field} is USD per million tokens: at most 1000000."];
        }
    }

    private static async Task<Ok<BudgetResponse[]>> BudgetsAsync(
        AgentsDbContext db, PriceTable prices, CancellationToken cancellationToken)
    {
        var budgets = await db.Budgets.AsNoTracking().OrderBy(b => b.Scope).ThenBy(b => b.ScopeId)
            .ToListAsync(cancellationToken);
        var responses = new List<BudgetResponse>();
        foreach (var budget in budgets) responses.Add(await DescribeAsync(db, prices, budget, cancellationToken));
        return TypedResults.Ok(responses.ToArray());
    }

    private static async Task<Ok<BudgetResponse>> SetBudgetAsync(
        string scope, string id, BudgetRequest? request, AgentsDbContext db, PriceTable prices,
        AgentSupervisor supervisor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var kind = Scope(scope);
        if (request is null) throw new ValidationException("body", "A JSON body is required.");
        if (request.LimitUsd is not { } limit)
            throw new ValidationException("limitUsd", "limitUsd (USD) is required.");
        if (limit < 0) throw new ValidationException("limitUsd", "limitUsd cannot be negative.");
        await EnsureNotDeletedAsync(db, kind, id, cancellationToken);
        var budget = await db.Budgets.FindAsync([kind, id], cancellationToken);
        if (budget is null) db.Budgets.Add(budget = UsageBudget.Create(kind, id, limit, clock.GetUtcNow()));
        else budget.Change(limit, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        // A raised budget lets the agents it held back launch now, not at the next look.
        supervisor.Wake();
        return TypedResults.Ok(await DescribeAsync(db, prices, budget, cancellationToken));
    }

    private static async Task<NoContent> DeleteBudgetAsync(
        string scope, string id, AgentsDbContext db, AgentSupervisor supervisor, CancellationToken cancellationToken)
    {
        var kind = Scope(scope);
        var budget = await db.Budgets.FindAsync([kind, id], cancellationToken)
            ?? throw new NotFoundException("Budget", $"{kind} {id}");
        db.Budgets.Remove(budget);
        await db.SaveChangesAsync(cancellationToken);
        supervisor.Wake();
        return TypedResults.NoContent();
    }

    private static string Scope(string scope) => scope switch
    {
        "initiatives" => UsageBudget.Initiative,
        "projects" => UsageBudget.Project,
        _ => throw new NotFoundException("Budget scope", scope),
    };

    /// <summary>
    /// Agents knows initiatives and projects from Planning's events, which may not have arrived yet: an unknown id is
    /// accepted (its name shows once known); one Planning deleted is not.
    /// </summary>
    private static async Task EnsureNotDeletedAsync(
        AgentsDbContext db, string kind, string id, CancellationToken cancellationToken)
    {
        var deleted = kind == UsageBudget.Project
            ? await db.Projects.AnyAsync(p => p.Id == id && p.IsDeleted, cancellationToken)
            : await db.PlanningViews.AnyAsync(
                v => v.Kind == PlanningView.Initiative && v.Id == id && v.IsDeleted, cancellationToken);
        if (deleted) throw new NotFoundException(kind == UsageBudget.Project ? "Project" : "Initiative", id);
    }

    private static async Task<BudgetResponse> DescribeAsync(
        AgentsDbContext db, PriceTable prices, UsageBudget budget, CancellationToken cancellationToken)
    {
        var spent = await UsageLedger.SpentAsync(db, prices, budget, cancellationToken);
        var spentUsd = spent.CostUsd ?? 0;
        return new BudgetResponse(budget.Scope, budget.ScopeId,
            await AdmissionBudgets.NameAsync(db, budget, cancellationToken), budget.LimitUsd, spentUsd,
            spent.UnknownSessions, spentUsd >= budget.LimitUsd, budget.SetAt);
    }
}
