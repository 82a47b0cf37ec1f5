using System.Collections.Concurrent;
using Codewalkers.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Messaging.Tests.Infrastructure;

public sealed record ThingHappened(string Tag, int Number);

/// <summary>Its consumer writes, then fails the first <see cref="FailAttempts"/> attempts.</summary>
public sealed record FlakyThingHappened(string Tag, int FailAttempts);

/// <summary>Its consumer counts it on the tally of its tag, when there is one; otherwise it changes nothing.</summary>
public sealed record ThingCounted(string Tag);

public sealed class ThingCountedConsumer(TestDb db) : InboxConsumer<ThingCounted, TestDb>(db)
{
    protected override async Task HandleAsync(ThingCounted message, ConsumeContext<ThingCounted> context)
    {
        if (await Db.Tallies.SingleOrDefaultAsync(t => t.Tag == message.Tag, context.CancellationToken) is { } tally)
            tally.Count++;
    }
}

/// <summary>
/// Records one effect row per message. Its endpoint takes one message at a time, so effects keep the delivery order.
/// </summary>
public sealed class ThingHappenedConsumer(TestDb db, DeliveryLog deliveries) : InboxConsumer<ThingHappened, TestDb>(db)
{
    protected override async Task HandleAsync(ThingHappened message, ConsumeContext<ThingHappened> context)
    {
        using var delivery = deliveries.Begin(message, context);
        // Yield inside the measured window, so two deliveries handled at once would overlap and be counted.
        await Task.Yield();
        Db.Effects.Add(new Effect
        {
            MessageId = context.MessageId!.Value,
            Tag = message.Tag,
            Number = message.Number,
            Attempt = 1,
            AppliedAt = DateTimeOffset.UtcNow,
        });
    }
}

/// <summary>Every delivery that reached a handler, in arrival order, and how many ran at once.</summary>
public sealed class DeliveryLog
{
    private readonly ConcurrentQueue<string> _deliveries = new();
    private readonly ConcurrentDictionary<string, string?> _traceIds = new();
    private int _running;
    private int _maxRunning;

    public int MaxConcurrent => Volatile.Read(ref _maxRunning);

    /// <summary>The trace the consumer ran in, per "tag#number": null when it ran outside any trace.</summary>
    public string? TraceIdOf(string tag, int number) => _traceIds.GetValueOrDefault($"{tag}#{number}");

    public IDisposable Begin(ThingHappened message, ConsumeContext context)
    {
        var running = Interlocked.Increment(ref _running);
        int max;
        while (running > (max = Volatile.Read(ref _maxRunning))
            && Interlocked.CompareExchange(ref _maxRunning, running, max) != max) { }
        _traceIds[$"{message.Tag}#{message.Number}"] = System.Diagnostics.Activity.Current?.TraceId.ToHexString();
        _deliveries.Enqueue(
            $"{message.Tag}#{message.Number} (id {context.MessageId}, "
            + $"redelivered {context.ReceiveContext.Redelivered}, "
            + $"retry {context.GetRetryAttempt()}, running {running})");
        return new Running(this);
    }

    public override string ToString() => string.Join(Environment.NewLine, _deliveries);

    private sealed class Running(DeliveryLog log) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref log._running);
    }
}

public sealed class FlakyThingConsumer(TestDb db, AttemptLog attempts, TestDbFile file)
    : InboxConsumer<FlakyThingHappened, TestDb>(db)
{
    protected override async Task HandleAsync(FlakyThingHappened message, ConsumeContext<FlakyThingHappened> context)
    {
        var messageId = context.MessageId!.Value;
        var attempt = attempts.Begin(messageId);

        // What earlier, failed attempts left behind, as any other reader of the database sees it.
        await using (var committed = file.Open())
        {
            attempts.Observe(new AttemptObservation(
                messageId,
                attempt,
                await committed.Effects.CountAsync(e => e.MessageId == messageId),
                await committed.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId)));
        }

        var tally = await Db.Tallies.SingleAsync(t => t.Tag == message.Tag, context.CancellationToken);
        tally.Count++;
        Db.Effects.Add(new Effect
        {
            MessageId = messageId,
            Tag = message.Tag,
            Number = attempt,
            Attempt = attempt,
            AppliedAt = DateTimeOffset.UtcNow,
        });
        // Written inside the inbox transaction, so only its rollback can undo it.
        await Db.SaveChangesAsync(context.CancellationToken);

        if (attempt <= message.FailAttempts)
            throw new SimulatedFailureException($"Attempt {attempt} of {messageId} fails after writing its effect");
    }
}

/// <summary>Its consumer always throws: after the retries it ends in the error queue.</summary>
public sealed record PoisonThingHappened(string Tag);

public sealed class PoisonThingConsumer : IConsumer<PoisonThingHappened>
{
    public Task Consume(ConsumeContext<PoisonThingHappened> context) =>
        throw new SimulatedFailureException($"{context.Message.Tag} can never be handled");
}

public sealed class SimulatedFailureException(string message) : Exception(message);

public sealed record AttemptObservation(Guid MessageId, int Attempt, int CommittedEffects, int CommittedInboxRecords);

public sealed class AttemptLog
{
    private readonly ConcurrentDictionary<Guid, int> _attempts = new();
    private readonly ConcurrentQueue<AttemptObservation> _observations = new();


    public int Begin(Guid messageId) => _attempts.AddOrUpdate(messageId, 1, (_, n) => n + 1);
    public int Attempts(Guid messageId) => _attempts.GetValueOrDefault(messageId);
    public void Observe(AttemptObservation observation) => _observations.Enqueue(observation);

    public IReadOnlyList<AttemptObservation> Observations(Guid messageId) =>
        [.. _observations.Where(o => o.MessageId == messageId).OrderBy(o => o.Attempt)];
}

/// <summary>Counts every completed delivery, including the ones the inbox skipped as duplicates.</summary>
public sealed class ConsumeLog : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, int> _consumed = new();

    public int Consumed(Guid messageId) => _consumed.GetValueOrDefault(messageId);

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.MessageId is { } id) _consumed.AddOrUpdate(id, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
