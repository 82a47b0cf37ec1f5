using Codewalkers.Agents.Domain;
using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Merges;

/// <summary>
/// Wakes spawns waiting for merges once a merge outcome is committed (before that, their reads cannot see it).
/// </summary>
internal sealed class MergeSettledTrigger(MergeWaiter waiter) : AfterCommitInterceptor
{
    protected override bool Concerns(DbContext context) =>
        context.ChangeTracker.Entries<MergeOutcome>().Any(e => e.State == EntityState.Added);

    protected override void OnCommitted() => waiter.Settled();
}
