using Codewalkers.Messaging;
using Codewalkers.Messaging.Persistence;
using Codewalkers.Planning.Domain;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Execution;

/// <summary>Asks the dispatcher for a cycle; a burst of requests is one cycle.</summary>
public sealed class DispatchSignal : CoalescingSignal;

/// <summary>
/// Requests a dispatch cycle whenever a change to what dispatch depends on is committed: a phase approved, a task
/// completed or retried, an agent finished, a merge answered. Dispatch reacts to the commit, not to the code path
/// that made it, so no API or consumer can forget to trigger it.
/// </summary>
public sealed class DispatchTrigger(DispatchSignal signal) : AfterCommitInterceptor
{
    protected override bool Concerns(DbContext context) => context.ChangeTracker.Entries().Any(e =>
        e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
        && e.Entity is Initiative or Phase or PlanTask or PhaseDependency or TaskDependency or AgentAssignment or MergeRequest);

    protected override void OnCommitted() => signal.Notify();
}
