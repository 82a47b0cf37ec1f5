using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Providers;

/// <summary>
/// The tokens one session used (for CLIs that report a resumed thread's running total, its own share) and its model
/// (for CLIs whose output never names it, from what the CLI wrote in its config dir).
/// </summary>
public static class SessionUsage
{
    public static async Task<SessionTokens> OwnAsync(
        AgentsDbContext db, string agentId, ProviderDefinition provider, RunObservation seen, string? configDir,
        CancellationToken cancellationToken)
    {
        var model = seen.Model;
        if (model is null && provider.ModelSource == "codex-rollout" && seen.SessionId is { } thread)
            model = CodexRollout.LastModel(configDir, thread);
        var reported = new SessionTokens(model, seen.InputTokens, seen.OutputTokens, seen.CacheReadTokens,
            seen.CacheWriteTokens);
        if (!provider.UsageIsThreadTotal || seen.SessionId is null) return reported;
        var earlier = await db.Sessions.AsNoTracking()
            .Where(s => s.AgentId == agentId && s.ProviderSessionId == seen.SessionId)
            .Select(s => new { s.InputTokens, s.OutputTokens, s.CacheReadTokens, s.CacheWriteTokens })
            .ToListAsync(cancellationToken);
        return reported with
        {
            Input = Less(seen.InputTokens, earlier.Sum(s => s.InputTokens ?? 0)),
            Output = Less(seen.OutputTokens, earlier.Sum(s => s.OutputTokens ?? 0)),
            CacheRead = Less(seen.CacheReadTokens, earlier.Sum(s => s.CacheReadTokens ?? 0)),
            CacheWrite = Less(seen.CacheWriteTokens, earlier.Sum(s => s.CacheWriteTokens ?? 0)),
        };
    }

    private static long? Less(long? total, long earlier) => total is { } value ? Math.Max(0, value - earlier) : null;
}
