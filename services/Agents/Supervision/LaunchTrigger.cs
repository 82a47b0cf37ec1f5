using Codewalkers.Agents.Domain;
using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Wakes the supervisor once a new (idle) agent is committed. Waking it from inside the SpawnAgent consumer's
/// transaction let it look before the row was visible, and the agent then waited for the next tick, up to a second.
/// </summary>
internal sealed class LaunchTrigger(IServiceProvider services) : AfterCommitInterceptor
{
    protected override bool Concerns(DbContext context) =>
        context.ChangeTracker.Entries<Agent>().Any(e => e.State == EntityState.Added && e.Entity.Status == AgentStatus.Idle);

    protected override void OnCommitted() => services.GetRequiredService<AgentSupervisor>().Wake();
}
