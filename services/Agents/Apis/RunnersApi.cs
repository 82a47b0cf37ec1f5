using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Supervision;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Apis;

/// <summary><c>GET /api/agents/runners</c>: every runner that ever beat, and what it runs now.</summary>
public static class RunnersApi
{
    public sealed record RunnerResponse(
        string Id, string? Address, DateTimeOffset StartedAt, DateTimeOffset LastHeartbeatAt, bool Alive,
        DateTimeOffset? LostAt, int RunningAgents, int ActiveAgents);

    public static async Task<Ok<RunnerResponse[]>> ListAsync(
        AgentsDbContext db, IOptions<AgentsOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var runners = await db.Runners.AsNoTracking().OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var counts = await db.Agents.AsNoTracking()
            .Where(a => a.Status == AgentStatus.Idle || a.Status == AgentStatus.WaitingForCapacity
                || a.Status == AgentStatus.Running || a.Status == AgentStatus.WaitingForAccount)
            .GroupBy(a => new { a.RunnerId, Running = a.Status == AgentStatus.Running })
            .Select(g => new { g.Key.RunnerId, g.Key.Running, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var cutoff = clock.GetUtcNow() - options.Value.RunnerLease;
        return TypedResults.Ok(runners.Select(r => new RunnerResponse(r.Id, r.Address, r.StartedAt, r.LastHeartbeatAt,
            r.LostAt is null && r.LastHeartbeatAt >= cutoff, r.LostAt,
            counts.Where(c => c.RunnerId == r.Id && c.Running).Sum(c => c.Count),
            counts.Where(c => c.RunnerId == r.Id).Sum(c => c.Count))).ToArray());
    }
}
