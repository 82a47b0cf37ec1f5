using System.Data;
using Codewalkers.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Messaging.Inbox;

/// <summary>
/// Base for every consumer: applies a message at most once. The handler's changes, any outbox rows it writes and
/// the inbox record commit in one transaction; a redelivered message finds its record and has no second effect.
/// Two concurrent deliveries of the same message collide on the inbox key (a primary key, on SQLite and PostgreSQL
/// alike), and the loser's retry finds the record.
/// A message that changes nothing (an event this consumer has no use for, a stale version) leaves no record and no
/// commit: applied again, it changes nothing again. Several consumers see every event of a kind and most ignore a given
/// one, so this spares a commit (and the database's write lock) per ignored event.
/// </summary>
public abstract class InboxConsumer<TMessage, TDbContext>(TDbContext db) : IConsumer<TMessage>
    where TMessage : class
    where TDbContext : DbContext
{
    protected TDbContext Db { get; } = db;

    /// <summary>How often a message is applied again in place after losing a race under PostgreSQL.</summary>
    private const int LostRaceAttempts = 5;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ConsumeOnceAsync(context);
                return;
            }
            catch (Exception ex) when (attempt < LostRaceAttempts && PostgresFailures.IsLostRace(ex))
            {
                // Rolled back: nothing of this attempt was written. Start again from the inbox check, on fresh data;
                // a short random pause keeps the two racers from colliding again in step.
                Db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50) * attempt),
                    context.CancellationToken);
            }
        }
    }

    private async Task ConsumeOnceAsync(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException(
                $"{typeof(TMessage).Name} arrived without a message id; the inbox cannot deduplicate it");
        var consumer = GetType().FullName!;
        var inbox = Db.Set<InboxMessage>();

        if (await inbox.AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, context.CancellationToken))
        {
            context.GetServiceOrCreateInstance<MessagingMetrics>().Duplicate(GetType().Name);
            return;
        }

        await PrepareAsync(context.Message, context);
        // Serializable is what SQLite's single writer gives every handler: what it read inside the transaction is
        // still true when it commits. PostgreSQL runs consumers side by side and, at this level, fails the later of
        // two that overlap (a serialization failure); Consume then applies the message again on fresh data.
        await using var transaction = await Db.Database.BeginTransactionAsync(
            IsolationLevel.Serializable, context.CancellationToken);
        var savedByHandler = 0;
        void Saved(object? sender, SavedChangesEventArgs e) => savedByHandler += e.EntitiesSavedCount;
        Db.SavedChanges += Saved;
        try { await HandleAsync(context.Message, context); }
        finally { Db.SavedChanges -= Saved; }
        if (savedByHandler == 0 && !Db.ChangeTracker.HasChanges()) return;
        inbox.Add(new InboxMessage(messageId, consumer, DateTimeOffset.UtcNow));
        await Db.SaveChangesAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
    }

    /// <summary>
    /// Slow work outside the database (git, files) that must not run inside the transaction: SQLite's BEGIN takes the
    /// write lock at once, so work done in <see cref="HandleAsync"/> stalls every other writer of the service for as
    /// long as it takes. It may read <see cref="Db"/> and track changes (they commit with the rest), but not save; it
    /// runs again if the message is redelivered before its commit, so it must be safe to repeat.
    /// </summary>
    protected virtual Task PrepareAsync(TMessage message, ConsumeContext<TMessage> context) => Task.CompletedTask;

    /// <summary>
    /// Applies the message to <see cref="Db"/>. Do not commit: the base class saves everything at once, and nothing
    /// when no entity was changed (so a bulk statement, such as ExecuteDelete, commits only alongside tracked changes).
    /// </summary>
    protected abstract Task HandleAsync(TMessage message, ConsumeContext<TMessage> context);
}
