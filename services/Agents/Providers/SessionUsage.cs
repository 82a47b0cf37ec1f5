using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Providers.Parsers;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Providers;

/// <summary>
/// The tokens one session used (for CLIs that report a resumed thread's running total, its own share), per model when
/// the CLI breaks them down, and its model (for CLIs whose output never names it, from what the CLI wrote in its config
/// dir).
/// </summary>
public static class SessionUsage
{
    public static async Task<SessionTokens> OwnAsync(
        AgentsDbContext db, string agentId, ProviderDefinition provider, RunObservation seen, string? configDir,
        CancellationToken cancellationToken)
    {
        if (seen.Models is { Count: > 0 } models)
            return await PerModelAsync(db, agentId, seen, models, cancellationToken);
        var model = seen.Model;
        if (model is null && provider.ModelSource == "codex-rollout" && seen.SessionId is { } thread)
            model = CodexRollout.LastModel(configDir, thread);
        var reported = new SessionTokens(model, seen.InputTokens, seen.OutputTokens, seen.CacheReadTokens,
            seen.CacheWriteTokens);
        if (!provider.UsageIsThreadTotal || seen.SessionId is null) return reported;
        var earlier = await EarlierAsync(db, agentId, seen.SessionId, cancellationToken);
        return reported with
        {
            Input = Less(seen.InputTokens, earlier.Sum(s => s.InputTokens ?? 0)),
            Output = Less(seen.OutputTokens, earlier.Sum(s => s.OutputTokens ?? 0)),
            CacheRead = Less(seen.CacheReadTokens, earlier.Sum(s => s.CacheReadTokens ?? 0)),
            CacheWrite = Less(seen.CacheWriteTokens, earlier.Sum(s => s.CacheWriteTokens ?? 0)),
        };
    }

    /// <summary>
    /// The session's own tokens per model (the thread's running total less what its earlier sessions recorded for the
    /// same model), their sums, and as its model the one that used the most.
    /// </summary>
    private static async Task<SessionTokens> PerModelAsync(AgentsDbContext db, string agentId, RunObservation seen,
        IReadOnlyList<ModelTokens> models, CancellationToken cancellationToken)
    {
        var own = models;
        if (seen.ModelsAreThreadTotal && seen.SessionId is { } thread)
        {
            var before = (await EarlierAsync(db, agentId, thread, cancellationToken))
                .SelectMany(s => s.ModelFigures()).GroupBy(m => m.Model)
                .ToDictionary(g => g.Key, g => (Input: g.Sum(m => m.Input ?? 0), Output: g.Sum(m => m.Output ?? 0),
                    CacheRead: g.Sum(m => m.CacheRead ?? 0), CacheWrite: g.Sum(m => m.CacheWrite ?? 0)));
            own = [.. models.Select(m => before.TryGetValue(m.Model, out var b)
                ? m with
                {
                    Input = Less(m.Input, b.Input), Output = Less(m.Output, b.Output),
                    CacheRead = Less(m.CacheRead, b.CacheRead), CacheWrite = Less(m.CacheWrite, b.CacheWrite),
                }
                : m)];
        }
        var used = own.Where(m => m.Total > 0).ToList();
        return new SessionTokens(used.MaxBy(m => m.Total)?.Model ?? seen.Model,
            Sum(own, m => m.Input), Sum(own, m => m.Output), Sum(own, m => m.CacheRead), Sum(own, m => m.CacheWrite),
            used.Count > 1 ? used : []);
    }

    /// <summary>The sessions of the agent recorded before on the same provider thread.</summary>
    private static Task<List<AgentSession>> EarlierAsync(
        AgentsDbContext db, string agentId, string thread, CancellationToken cancellationToken) =>
        db.Sessions.AsNoTracking().Where(s => s.AgentId == agentId && s.ProviderSessionId == thread)
            .ToListAsync(cancellationToken);

    private static long? Sum(IEnumerable<ModelTokens> models, Func<ModelTokens, long?> count) =>
        models.Select(count).Aggregate((long?)null, (sum, n) => n is { } value ? (sum ?? 0) + value : sum);

    private static long? Less(long? total, long earlier) => total is { } value ? Math.Max(0, value - earlier) : null;
}
