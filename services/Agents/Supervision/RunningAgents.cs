using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Runners;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// The agents of one runner whose CLI is running now (one waiting for an account runs nothing): what admission counts,
/// since each runner fills its own machine.
/// </summary>
public static class RunningAgents
{
    public static Task<int> CountAsync(AgentsDbContext db, ThisRunner runner, CancellationToken cancellationToken) =>
        db.Agents.CountAsync(a => a.RunnerId == runner.Id && a.Status == AgentStatus.Running
                && a.WaitingForAccountUntil == null,
            cancellationToken);
}
