using Codewalkers.Agents.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Providers;

/// <summary>The tokens one session used, for CLIs that report a resumed thread's running total instead.</summary>
public static class SessionUsage
{
    public static async Task<(long? Input, long? Output)> OwnAsync(
        AgentsDbContext db, string agentId, ProviderDefinition provider, RunObservation seen,
        CancellationToken cancellationToken)
    {
        if (!provider.UsageIsThreadTotal || seen.SessionId is null) return (seen.InputTokens, seen.OutputTokens);
        var earlier = await db.Sessions.AsNoTracking()
            .Where(s => s.AgentId == agentId && s.ProviderSessionId == seen.SessionId)
            .Select(s => new { s.InputTokens, s.OutputTokens })
            .ToListAsync(cancellationToken);
        return (Less(seen.InputTokens, earlier.Sum(s => s.InputTokens ?? 0)),
            Less(seen.OutputTokens, earlier.Sum(s => s.OutputTokens ?? 0)));
    }

    private static long? Less(long? total, long earlier) => total is { } value ? Math.Max(0, value - earlier) : null;
}
