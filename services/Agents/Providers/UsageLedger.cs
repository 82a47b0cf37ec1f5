using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Providers;

/// <summary>
/// What a group of sessions used and cost. A count is the sum of the sessions that reported it, null when none did
/// (unknown, never zero); the cost is the sum of the sessions that could be priced, and
/// <see cref="UnknownSessions"/> says how many could not (no usage in their output, or a model without a price).
/// </summary>
public sealed record UsageFigures(
    int Sessions, long? InputTokens, long? OutputTokens, long? CacheReadTokens, long? CacheWriteTokens,
    decimal? CostUsd, int UnknownSessions)
{
    public static UsageFigures Of(IReadOnlyCollection<AgentSession> sessions, PriceTable prices)
    {
        var costs = sessions.Select(prices.CostOf).ToList();
        return new(sessions.Count, Sum(sessions, s => s.InputTokens), Sum(sessions, s => s.OutputTokens),
            Sum(sessions, s => s.CacheReadTokens), Sum(sessions, s => s.CacheWriteTokens),
            costs.Any(c => c is not null) ? costs.Sum() : null, costs.Count(c => c is null));
    }

    private static long? Sum(IEnumerable<AgentSession> sessions, Func<AgentSession, long?> count) =>
        sessions.Select(count).Aggregate((long?)null, (sum, n) => n is { } value ? (sum ?? 0) + value : sum);
}

/// <summary>The sessions recorded so far, read for roll-ups and budgets.</summary>
public static class UsageLedger
{
    /// <summary>The sessions of agents that worked in <paramref name="projectId"/> (from their spawn).</summary>
    public static IQueryable<AgentSession> OfProject(AgentsDbContext db, string projectId) =>
        db.Sessions.AsNoTracking()
            .Where(s => db.AgentProjects.Any(p => p.AgentId == s.AgentId && p.ProjectId == projectId));

    public static IQueryable<AgentSession> OfBudget(AgentsDbContext db, UsageBudget budget) =>
        budget.Scope == UsageBudget.Project
            ? OfProject(db, budget.ScopeId)
            : db.Sessions.AsNoTracking().Where(s => s.InitiativeId == budget.ScopeId);

    /// <summary>What the sessions a budget counts cost so far (the priced ones; the others are counted apart).</summary>
    public static async Task<UsageFigures> SpentAsync(
        AgentsDbContext db, PriceTable prices, UsageBudget budget, CancellationToken cancellationToken) =>
        UsageFigures.Of(await OfBudget(db, budget).ToListAsync(cancellationToken), prices);

    public static async Task<UsageFigures> OfAgentAsync(
        AgentsDbContext db, PriceTable prices, string agentId, CancellationToken cancellationToken) =>
        UsageFigures.Of(
            await db.Sessions.AsNoTracking().Where(s => s.AgentId == agentId).ToListAsync(cancellationToken), prices);
}
