using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Codewalkers.Persistence;

/// <summary>
/// Runs <see cref="OnCommitted"/> once changes that <see cref="Concerns"/> this interceptor are durable: after
/// SaveChanges, or, inside an explicit transaction, after its commit (before that, other connections cannot see them).
/// </summary>
public abstract class AfterCommitInterceptor : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> _pending = new();

    /// <summary>Whether the context's unsaved changes are ones this interceptor reacts to.</summary>
    protected abstract bool Concerns(DbContext context);

    protected abstract void OnCommitted();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyIfCommitted(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifyIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        NotifyPending(eventData.Context);

    public Task TransactionCommittedAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        NotifyPending(eventData.Context);
        return Task.CompletedTask;
    }

    private void Remember(DbContext? context)
    {
        if (context is not null && Concerns(context)) _pending.AddOrUpdate(context, true);
    }

    private void NotifyIfCommitted(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null) NotifyPending(context);
    }

    private void NotifyPending(DbContext? context)
    {
        if (context is not null && _pending.Remove(context)) OnCommitted();
    }
}
