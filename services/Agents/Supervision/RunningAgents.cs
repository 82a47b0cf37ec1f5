using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Supervision;

/// <summary>The agents whose CLI is running now (one waiting for an account runs nothing).</summary>
public static class RunningAgents
{
    public static Task<int> CountAsync(AgentsDbContext db, CancellationToken cancellationToken) =>
        db.Agents.CountAsync(a => a.Status == AgentStatus.Running && a.WaitingForAccountUntil == null,
            cancellationToken);
}
