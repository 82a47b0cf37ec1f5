using Codewalkers.Agents.Domain;
using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Wakes the supervisor once a new (idle) agent is committed: only then can the supervisor see the row it is to launch.
/// </summary>
internal sealed class LaunchTrigger(IServiceProvider services) : AfterCommitInterceptor
{
    protected override bool Concerns(DbContext context) =>
        context.ChangeTracker.Entries<Agent>()
            .Any(e => e.State == EntityState.Added && e.Entity.Status == AgentStatus.Idle);

    protected override void OnCommitted() => services.GetRequiredService<AgentSupervisor>().Wake();
}
