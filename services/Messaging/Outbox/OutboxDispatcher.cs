using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codewalkers.Messaging.Outbox;

/// <summary>
/// Publishes pending outbox rows, in sequence order per destination. While the broker is unreachable the rows wait and
/// the dispatcher retries with capped exponential backoff; a row is marked sent only after the broker confirmed it.
/// A crash between confirm and mark republishes the row with the same message id, which the consumers' inbox absorbs.
/// </summary>
internal sealed partial class OutboxDispatcher<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    IOptions<MessagingOptions> options,
    MessagingMetrics metrics,
    TimeProvider clock,
    ILogger<OutboxDispatcher<TDbContext>> logger) : BackgroundService where TDbContext : DbContext
{
    private readonly MessagingOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var consecutiveFailures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var batchWasFull = await DispatchBatchAsync(stoppingToken);
                consecutiveFailures = 0;
                if (batchWasFull) continue;
                await signal.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                consecutiveFailures++;
                metrics.PublishFailed();
                var delay = Backoff(consecutiveFailures);
                LogPublishFailed(ex, consecutiveFailures, delay);
                try { await Task.Delay(delay, clock, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var millis = 200 * Math.Pow(2, Math.Min(failures - 1, 10));
        return TimeSpan.FromMilliseconds(Math.Min(millis, _options.MaxBackoff.TotalMilliseconds));
    }

    /// <returns>true when the batch was full, so more rows may be waiting.</returns>
    private async Task<bool> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        // SQLite has one writer at a time and one dispatcher per file. Under PostgreSQL several replicas of a service
        // share its table, so the batch stays locked until it is marked: see ClaimPendingAsync.
        await using var claim = db.Database.IsSqlite()
            ? null
            : await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = claim is null
            ? await db.Set<OutboxMessage>()
                .Where(m => m.SentAt == null && !m.DeadLettered)
                .OrderBy(m => m.Sequence)
                .Take(_options.BatchSize)
                .ToListAsync(cancellationToken)
            : await ClaimPendingAsync(db, cancellationToken);

        var readable = new List<(OutboxMessage Row, Type Type, object Message)>();
        foreach (var row in rows)
        {
            if (TryRead(row, out var type, out var message, out var problem)) readable.Add((row, type, message));
            else
            {
                row.MarkDeadLettered(problem);
                metrics.DeadLettered();
                LogDeadLettered(row.MessageId, row.MessageType, problem);
            }
        }

        // One lane per destination (a message type's exchange, or a command's queue): a lane's rows go out one after
        // another in sequence order, so the broker keeps their order; lanes go out side by side, since nothing orders
        // messages of different destinations anyway (consumers go by versions, see DESIGN). A hand-off's event and
        // command then wait for one broker round trip, not one each. The batch is marked sent in one commit; a crash
        // before it republishes the batch with the same message ids, which the consumers' inbox absorbs.
        try
        {
            await Task.WhenAll(readable.GroupBy(r => r.Row.Destination ?? r.Row.MessageType)
                .Select(lane => PublishInOrderAsync(lane, cancellationToken)));
        }
        finally
        {
            await db.SaveChangesAsync(CancellationToken.None);
            if (claim is not null) await claim.CommitAsync(CancellationToken.None);
        }

        return rows.Count == _options.BatchSize;
    }

    /// <summary>
    /// The oldest pending rows, locked (<c>FOR UPDATE</c>) until this dispatcher's transaction commits their marks. A
    /// second dispatcher asking meanwhile waits at the first locked row, then finds those rows sent and takes the ones
    /// after: no row goes out twice. It waits rather than skipping ahead (<c>SKIP LOCKED</c>) because a skipped head
    /// would let it publish a lane's later rows before the earlier ones are confirmed, breaking the per-destination
    /// order; a service's dispatch is a sequential stream anyway.
    /// </summary>
    private async Task<List<OutboxMessage>> ClaimPendingAsync(TDbContext db, CancellationToken cancellationToken)
    {
        var outbox = db.Model.FindEntityType(typeof(OutboxMessage))!;
        var table = StoreObjectIdentifier.Table(outbox.GetTableName()!, outbox.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        string Column(string property) => sql.DelimitIdentifier(outbox.FindProperty(property)!.GetColumnName(table)!);
        var query = $"SELECT * FROM {sql.DelimitIdentifier(table.Name, table.Schema)} "
            + $"WHERE {Column(nameof(OutboxMessage.SentAt))} IS NULL "
            + $"AND NOT {Column(nameof(OutboxMessage.DeadLettered))} "
            + $"ORDER BY {Column(nameof(OutboxMessage.Sequence))} LIMIT {{0}} FOR UPDATE";
        return await db.Set<OutboxMessage>().FromSqlRaw(query, _options.BatchSize).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Publishes a lane's rows in order; the first that fails stops the lane (the rows after it wait too).
    /// </summary>
    private async Task PublishInOrderAsync(
        IEnumerable<(OutboxMessage Row, Type Type, object Message)> lane, CancellationToken cancellationToken)
    {
        foreach (var (row, type, message) in lane)
        {
            try
            {
                await PublishAsync(row, message, type, cancellationToken);
            }
            catch (Exception ex)
                when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                row.MarkFailed(ex.Message);
                throw;
            }

            row.MarkSent(clock.GetUtcNow());
            metrics.Published(type.Name);
        }
    }

    /// <summary>
    /// Rebuilds the message of a row. A row that can never be published (its type no longer exists, or its body no
    /// longer fits the type) fails here every time: it is dead-lettered instead, so it cannot block the rows after it.
    /// </summary>
    private static bool TryRead(
        OutboxMessage row,
        [NotNullWhen(true)] out Type? type,
        [NotNullWhen(true)] out object? message,
        [NotNullWhen(false)] out string? problem)
    {
        message = null;
        try
        {
            type = Type.GetType(row.MessageType);
        }
        catch (Exception ex)
            when (ex is ArgumentException or IOException or BadImageFormatException or TypeLoadException)
        {
            type = null;
        }

        if (type is null)
        {
            problem = $"Unknown message type '{row.MessageType}'";
            return false;
        }

        try
        {
            message = JsonSerializer.Deserialize(row.Body, type, OutboxWriter.Json);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            problem = $"Body cannot be read as {type.FullName}: {ex.Message}";
            return false;
        }

        if (message is null)
        {
            problem = $"Body of outbox row {row.Sequence} is empty";
            return false;
        }

        problem = null;
        return true;
    }

    private async Task PublishAsync(OutboxMessage row, object message, Type type, CancellationToken cancellationToken)
    {
        // Continue the trace of the request that wrote the row, so the consumer shows up under it.
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = MessagingMetrics.ActivitySource.StartActivity(
            $"outbox dispatch {type.Name}", ActivityKind.Producer, parent);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.PublishTimeout);

        if (row.Destination is null)
        {
            await bus.Publish(
                message, type, Pipe.Execute<PublishContext>(ctx => ctx.MessageId = row.MessageId), timeout.Token);
        }
        else
        {
            var endpoint = await bus.GetSendEndpoint(new Uri(row.Destination));
            await endpoint.Send(
                message, type, Pipe.Execute<SendContext>(ctx => ctx.MessageId = row.MessageId), timeout.Token);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Outbox publish failed ({Failures} in a row); pending rows wait and are retried in {Delay}")]
    private partial void LogPublishFailed(Exception exception, int failures, TimeSpan delay);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Outbox message {MessageId} of type {MessageType} was dead-lettered: {Problem}")]
    private partial void LogDeadLettered(Guid messageId, string messageType, string problem);
}
