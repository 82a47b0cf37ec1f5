using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Codewalkers.Messaging.Tests;

[Collection(RabbitMqCollection.Name)]
public sealed class OutboxTests(RabbitMqBroker broker, ITestOutputHelper output)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Messages_saved_with_a_state_change_are_delivered_in_publish_order_each_once()
    {
        await using var service = await MessagingTestHost.StartAsync(broker, output);

        // Each change commits on its own: the dispatcher is woken after every SaveChanges.
        for (var number = 1; number <= 5; number++)
        {
            await using var scope = service.CreateScope();
            var db = scope.Db();
            db.Things.Add(new Thing { Name = $"thing {number}" });
            db.Publish(new ThingHappened("ordered", number));
            await db.SaveChangesAsync();
        }

        // Several changes commit together: the dispatcher finds them as one batch after the commit.
        await using (var scope = service.CreateScope())
        {
            var db = scope.Db();
            await using var transaction = await db.Database.BeginTransactionAsync();
            for (var number = 6; number <= 10; number++)
            {
                db.Things.Add(new Thing { Name = $"thing {number}" });
                db.Publish(new ThingHappened("ordered", number));
                await db.SaveChangesAsync();
            }
            await transaction.CommitAsync();
        }

        await WaitForEffectsAsync(service, "ordered", 10);
        // The consumer may commit before the dispatcher has recorded the broker's confirm.
        await WaitUntilAllSentAsync(service);

        await using var check = service.Database.Open();
        var effects = await check.Effects.Where(e => e.Tag == "ordered").OrderBy(e => e.Id).ToListAsync();
        var outbox = await check.Set<OutboxMessage>().OrderBy(m => m.Sequence).ToListAsync();
        output.WriteLine($"Deliveries:{Environment.NewLine}{service.Deliveries}");
        Assert.Equal(1, service.Deliveries.MaxConcurrent);
        Assert.Equal(Enumerable.Range(1, 10), effects.Select(e => e.Number));
        Assert.Equal(outbox.Select(m => m.MessageId), effects.Select(e => e.MessageId));
        Assert.All(outbox, m => Assert.NotNull(m.SentAt));
        Assert.Equal(10, await check.Things.CountAsync());
        Assert.Equal(10, await check.Set<InboxMessage>().CountAsync());
    }

    [Fact]
    public async Task Messages_written_while_the_broker_is_down_wait_and_are_delivered_exactly_once_when_it_returns()
    {
        await using var service = await MessagingTestHost.StartAsync(broker, output);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await broker.StopAsync();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: broker stopped");

            for (var number = 1; number <= 20; number++)
            {
                await using var scope = service.CreateScope();
                var db = scope.Db();
                db.Things.Add(new Thing { Name = $"outage {number}" });
                db.Publish(new ThingHappened("outage", number));
                await db.SaveChangesAsync();
            }

            // The dispatcher tries, fails, and keeps every row waiting.
            await Eventually.TrueAsync(
                async () =>
                {
                    await using var db = service.Database.Open();
                    return await db.Set<OutboxMessage>().AnyAsync(m => m.Attempts > 0);
                },
                TimeSpan.FromSeconds(15),
                () => Task.FromResult("the dispatcher never recorded a failed attempt while the broker was down"));

            await using (var db = service.Database.Open())
            {
                var rows = await db.Set<OutboxMessage>().ToListAsync();
                Assert.Equal(20, rows.Count);
                Assert.All(rows, m => Assert.Null(m.SentAt));
                Assert.All(rows, m => Assert.False(m.DeadLettered));
                Assert.Equal(20, rows.Select(m => m.MessageId).Distinct().Count());
                Assert.Empty(await db.Effects.ToListAsync());
            }
        }
        finally
        {
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: rows pending, starting the broker");
            if (!broker.IsRunning) await broker.StartAsync();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: broker accepts connections");
        }

        await WaitForEffectsAsync(service, "outage", 20);
        await WaitUntilAllSentAsync(service);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: all delivered");

        await using var check = service.Database.Open();
        var effects = await check.Effects.ToListAsync();
        Assert.Equal(20, effects.Count);
        Assert.Equal(Enumerable.Range(1, 20), effects.Select(e => e.Number).Order());
        var sentIds = await check.Set<OutboxMessage>().Select(m => m.MessageId).ToListAsync();
        Assert.Equal(sentIds.Order(), effects.Select(e => e.MessageId).Order());
        Assert.Equal(20, await check.Set<InboxMessage>().CountAsync());
    }

    [Fact]
    public async Task A_state_change_that_is_not_committed_publishes_nothing()
    {
        await using var service = await MessagingTestHost.StartAsync(broker, output);

        // Never saved: the context is thrown away.
        await using (var scope = service.CreateScope())
        {
            var db = scope.Db();
            db.Things.Add(new Thing { Name = "abandoned" });
            db.Publish(new ThingHappened("abandoned", 1));
        }

        // Saved inside a transaction that is rolled back.
        await using (var scope = service.CreateScope())
        {
            var db = scope.Db();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Things.Add(new Thing { Name = "rolled back" });
            db.Publish(new ThingHappened("rolled back", 2));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        // A committed change afterwards: once it has arrived, anything queued before it would have arrived too.
        await using (var scope = service.CreateScope())
        {
            var db = scope.Db();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Things.Add(new Thing { Name = "committed" });
            db.Publish(new ThingHappened("committed", 3));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        await WaitForEffectsAsync(service, "committed", 1);

        await using var check = service.Database.Open();
        Assert.Equal(["committed"], await check.Effects.Select(e => e.Tag).ToListAsync());
        Assert.Equal(["committed"], await check.Things.Select(t => t.Name).ToListAsync());
        Assert.Equal(1, await check.Set<OutboxMessage>().CountAsync());
    }

    [Fact]
    public Task A_row_of_unknown_type_is_dead_lettered_and_does_not_block_later_rows() =>
        AssertDeadLetteredWithoutBlockingAsync(
            // A row written by an older version of the service, whose message type no longer exists.
            "Codewalkers.Retired.ThingVanished, Codewalkers.Retired", "{}", "Unknown message type");

    [Fact]
    public Task A_row_whose_body_no_longer_fits_its_type_is_dead_lettered_and_does_not_block_later_rows() =>
        AssertDeadLetteredWithoutBlockingAsync(
            // A row written before an incompatible change to the message's shape.
            OutboxWriter.MessageTypeName(typeof(ThingHappened)),
            """{"tag":{"nested":true},"number":"one"}""",
            "cannot be read");

    private async Task AssertDeadLetteredWithoutBlockingAsync(string messageType, string body, string expectedError)
    {
        await using var service = await MessagingTestHost.StartAsync(broker, output);

        Guid poisonId, laterId;
        await using (var scope = service.CreateScope())
        {
            var db = scope.Db();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var poison = new OutboxMessage(Guid.NewGuid(), messageType, body, null, null, DateTimeOffset.UtcNow);
            db.Set<OutboxMessage>().Add(poison);
            await db.SaveChangesAsync();
            var later = db.Publish(new ThingHappened("after poison", 1));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            (poisonId, laterId) = (poison.MessageId, later.MessageId);
            Assert.True(poison.Sequence < later.Sequence);
        }

        await WaitForEffectsAsync(service, "after poison", 1, TimeSpan.FromSeconds(15));
        await WaitUntilAllSentAsync(service);

        await using var check = service.Database.Open();
        var deadLetter = await check.Set<OutboxMessage>().SingleAsync(m => m.MessageId == poisonId);
        Assert.True(deadLetter.DeadLettered);
        Assert.Null(deadLetter.SentAt);
        Assert.Equal(1, deadLetter.Attempts);
        Assert.Contains(expectedError, deadLetter.LastError);
        Assert.NotNull((await check.Set<OutboxMessage>().SingleAsync(m => m.MessageId == laterId)).SentAt);
        Assert.Equal(laterId, (await check.Effects.SingleAsync()).MessageId);
    }

    private static Task WaitUntilAllSentAsync(MessagingTestHost service) =>
        Eventually.TrueAsync(
            async () =>
            {
                await using var db = service.Database.Open();
                return await db.Set<OutboxMessage>().AllAsync(m => m.SentAt != null || m.DeadLettered);
            },
            TimeSpan.FromSeconds(10),
            async () =>
            {
                await using var db = service.Database.Open();
                var unsent = await db.Set<OutboxMessage>().CountAsync(m => m.SentAt == null && !m.DeadLettered);
                return $"{unsent} outbox rows not marked sent";
            });

    private static Task WaitForEffectsAsync(
        MessagingTestHost service, string tag, int count, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(
            async () =>
            {
                await using var db = service.Database.Open();
                return await db.Effects.CountAsync(e => e.Tag == tag) >= count;
            },
            timeout ?? Delivery,
            async () =>
            {
                await using var db = service.Database.Open();
                var effects = await db.Effects.CountAsync(e => e.Tag == tag);
                var pending = await db.Set<OutboxMessage>().CountAsync(m => m.SentAt == null);
                return $"{effects} of {count} '{tag}' effects applied; {pending} outbox rows still pending";
            });
}
