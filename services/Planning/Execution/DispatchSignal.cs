using System.Runtime.CompilerServices;
using Codewalkers.Messaging;
using Codewalkers.Persistence;
using Codewalkers.Planning.Domain;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Execution;

/// <summary>Asks the dispatcher for a cycle; a burst of requests is one cycle.</summary>
public sealed class DispatchSignal : CoalescingSignal;

/// <summary>
/// Requests a dispatch cycle whenever a change to what dispatch depends on is committed: a phase approved, a task
/// completed or retried, an agent finished, a merge answered. Dispatch reacts to the commit, not to the code path
/// that made it, so no API or consumer can forget to trigger it.
/// Some commits wake nothing, as a pass after them would find nothing new: the cycle's own unless it moved a phase (it
/// started every task it could, and only a completion frees capacity; but a phase it completed lets dependent phases
/// start, which a pass checks first), an assignment still open being told its agent (AgentSpawned), and those whose
/// code knows it moves nothing on (<see cref="WakesNothing"/>): a pass costs a read of every executing initiative,
/// and each one here would run in the middle of the next hand-off.
/// </summary>
public sealed class DispatchTrigger(DispatchSignal signal) : AfterCommitInterceptor
{
    private enum Mark { CycleSave, WakesNothing }

    private static readonly ConditionalWeakTable<DbContext, object> Marked = new();

    /// <summary>The next save of <paramref name="context"/> is a dispatch cycle's own.</summary>
    public static void IsCycle(DbContext context) => Marked.AddOrUpdate(context, Mark.CycleSave);

    /// <summary>The next save of <paramref name="context"/> can let no dispatch cycle do anything new.</summary>
    public static void WakesNothing(DbContext context) => Marked.AddOrUpdate(context, Mark.WakesNothing);

    protected override bool Concerns(DbContext context) => Marked.TryGetValue(context, out var mark)
        && Marked.Remove(context)
        ? mark is Mark.CycleSave && context.ChangeTracker.Entries<Phase>().Any(e => e.State == EntityState.Modified)
        : context.ChangeTracker.Entries().Any(e =>
            e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && e.Entity is Initiative or Phase or PlanTask or PhaseDependency or TaskDependency or AgentAssignment
                or MergeRequest
            && e is not { State: EntityState.Modified, Entity: AgentAssignment { IsOpen: true } });

    protected override void OnCommitted() => signal.Notify();
}
