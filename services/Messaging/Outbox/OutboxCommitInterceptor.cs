using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Messaging.Outbox;

/// <summary>Wakes the dispatcher once new outbox rows are durable.</summary>
internal sealed class OutboxCommitInterceptor(OutboxSignal signal) : AfterCommitInterceptor
{
    protected override bool Concerns(DbContext context) =>
        context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);

    protected override void OnCommitted() => signal.Notify();
}
