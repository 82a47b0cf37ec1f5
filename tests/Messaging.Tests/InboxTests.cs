using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Tests.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Codewalkers.Messaging.Tests;

[Collection(RabbitMqCollection.Name)]
public sealed class InboxTests(RabbitMqBroker broker, ITestOutputHelper output)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_same_message_delivered_twice_has_one_effect()
    {
        await using var service = await MessagingTestHost.StartAsync(broker, output);
        var messageId = NewId.NextGuid();

        // What a dispatcher crash between the broker's confirm and marking the row sent produces.
        await service.Bus.Publish(
            new ThingHappened("twice", 1), Pipe.Execute<PublishContext>(ctx => ctx.MessageId = messageId));
        await service.Bus.Publish(
            new ThingHappened("twice", 1), Pipe.Execute<PublishContext>(ctx => ctx.MessageId = messageId));

        await Eventually.TrueAsync(
            () => Task.FromResult(service.Consumed.Consumed(messageId) >= 2),
            Delivery,
            () => Task.FromResult($"{service.Consumed.Consumed(messageId)} of 2 deliveries consumed"));

        await using var check = service.Database.Open();
        Assert.Equal(1, await check.Effects.CountAsync(e => e.MessageId == messageId));
        var inbox = await check.Set<InboxMessage>().Where(m => m.MessageId == messageId).ToListAsync();
        var record = Assert.Single(inbox);
        Assert.Equal(typeof(ThingHappenedConsumer).FullName, record.Consumer);
    }

    [Fact]
    public async Task A_handler_that_fails_after_writing_leaves_no_effect_and_no_inbox_record_so_a_retry_applies_it()
    {
        await using var service = await MessagingTestHost.StartAsync(broker, output);
        var messageId = NewId.NextGuid();
        await using (var db = service.Database.Open())
        {
            db.Tallies.Add(new Tally { Tag = "flaky", Count = 0 });
            await db.SaveChangesAsync();
        }

        await service.Bus.Publish(
            new FlakyThingHappened("flaky", FailAttempts: 2),
            Pipe.Execute<PublishContext>(ctx => ctx.MessageId = messageId));

        await Eventually.TrueAsync(
            async () =>
            {
                await using var db = service.Database.Open();
                return await db.Set<InboxMessage>().AnyAsync(m => m.MessageId == messageId);
            },
            Delivery,
            () => Task.FromResult(
                $"the message was not applied; {service.Attempts.Attempts(messageId)} attempts so far"));

        // Each retry started from a clean slate: the failed attempts' writes were rolled back with their inbox record.
        var observations = service.Attempts.Observations(messageId);
        Assert.Equal([1, 2, 3], observations.Select(o => o.Attempt));
        Assert.All(observations, o =>
        {
            Assert.Equal(0, o.CommittedEffects);
            Assert.Equal(0, o.CommittedInboxRecords);
        });

        await using var check = service.Database.Open();
        var effect = await check.Effects.SingleAsync(e => e.MessageId == messageId);
        Assert.Equal(3, effect.Attempt);
        // The handler read, incremented and wrote the tally on every attempt; only the last one counts.
        Assert.Equal(1, (await check.Tallies.SingleAsync(t => t.Tag == "flaky")).Count);

        Assert.Single(await check.Set<InboxMessage>().Where(m => m.MessageId == messageId).ToListAsync());
    }

    [Fact]
    public async Task A_message_that_changes_nothing_leaves_no_record_and_applies_when_delivered_again_once_it_does()
    {
        await using var service = await MessagingTestHost.StartAsync(broker, output);
        var messageId = NewId.NextGuid();

        // No tally "late" yet: the consumer has nothing to count, commits nothing and records nothing.
        await service.Bus.Publish(
            new ThingCounted("late"), Pipe.Execute<PublishContext>(ctx => ctx.MessageId = messageId));
        await Eventually.TrueAsync(() => Task.FromResult(service.Consumed.Consumed(messageId) >= 1), Delivery,
            () => Task.FromResult("the first delivery was not consumed"));
        await using (var db = service.Database.Open())
        {
            Assert.False(await db.Set<InboxMessage>().AnyAsync(m => m.MessageId == messageId));
            db.Tallies.Add(new Tally { Tag = "late", Count = 0 });
            await db.SaveChangesAsync();
        }

        // Delivered again (a redelivery), it now has an effect: applied once, and recorded.
        await service.Bus.Publish(
            new ThingCounted("late"), Pipe.Execute<PublishContext>(ctx => ctx.MessageId = messageId));
        await service.Bus.Publish(
            new ThingCounted("late"), Pipe.Execute<PublishContext>(ctx => ctx.MessageId = messageId));
        await Eventually.TrueAsync(() => Task.FromResult(service.Consumed.Consumed(messageId) >= 3), Delivery,
            () => Task.FromResult($"{service.Consumed.Consumed(messageId)} of 3 deliveries consumed"));

        await using var check = service.Database.Open();
        Assert.Equal(1, (await check.Tallies.SingleAsync(t => t.Tag == "late")).Count);
        Assert.Single(await check.Set<InboxMessage>().Where(m => m.MessageId == messageId).ToListAsync());
    }
}
