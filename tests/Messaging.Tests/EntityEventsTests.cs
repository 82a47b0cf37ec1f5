using Codewalkers.Messaging.Outbox;
using Codewalkers.Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Codewalkers.Messaging.Tests;

/// <summary>
/// Entities queue their events; saving them is all it takes for the events to reach subscribers, once.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class EntityEventsTests(RabbitMqBroker broker, ITestOutputHelper output)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Changing_an_entity_and_saving_it_delivers_each_of_its_events_once_in_order()
    {
        await using var service = await MessagingTestHost.StartAsync(broker, output);
        await using (var scope = service.CreateScope())
        {
            var db = scope.Db();
            var widget = Widget.Create("sprocket");
            db.Widgets.Add(widget);
            await db.SaveChangesAsync();

            widget.Polish();
            widget.Polish();
            await db.SaveChangesAsync();

            // Nothing changed since: nothing more to announce.
            await db.SaveChangesAsync();
        }

        await WaitForEffectsAsync(service, "sprocket", 3);
        await using var check = service.Database.Open();
        Assert.Equal([1, 2, 3], await check.Effects
            .Where(e => e.Tag == "sprocket")
            .OrderBy(e => e.Id)
            .Select(e => e.Number)
            .ToListAsync());
        Assert.Equal(3, await check.Set<OutboxMessage>().CountAsync());
        Assert.Equal(3, (await check.Widgets.SingleAsync()).Changes);
    }

    [Fact]
    public async Task A_failed_save_writes_no_event_and_its_retry_writes_each_event_once()
    {
        await using var service = await MessagingTestHost.StartAsync(broker, output);
        await using (var scope = service.CreateScope())
        {
            var db = scope.Db();
            db.Widgets.Add(Widget.Create("taken"));
            await db.SaveChangesAsync();
        }

        await using (var scope = service.CreateScope())
        {
            var db = scope.Db();
            var widget = Widget.Create("taken");
            db.Widgets.Add(widget);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

            await using (var committed = service.Database.Open())
                Assert.Equal(1, await committed.Set<OutboxMessage>().CountAsync());

            // The caller fixes what made the save fail and saves again; the event it queued is still due, once.
            db.Entry(widget).Property(w => w.Name).CurrentValue = "free";
            await db.SaveChangesAsync();
        }

        await WaitForEffectsAsync(service, "taken", 2);
        await using var check = service.Database.Open();
        Assert.Equal(2, await check.Set<OutboxMessage>().CountAsync());
        Assert.Equal(2, await check.Effects.CountAsync(e => e.Tag == "taken"));
        Assert.Equal(["free", "taken"], await check.Widgets.OrderBy(w => w.Name).Select(w => w.Name).ToListAsync());
    }

    [Fact]
    public async Task Removing_an_entity_that_announces_nothing_is_refused_and_writes_nothing()
    {
        await using var service = await MessagingTestHost.StartAsync(broker, output);
        await using var scope = service.CreateScope();
        var db = scope.Db();
        var kept = Widget.Create("kept");
        var scrapped = Widget.Create("scrapped");
        db.Widgets.AddRange(kept, scrapped);
        await db.SaveChangesAsync();

        db.Widgets.Remove(kept);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Contains("Widget is removed without announcing it", refused.Message);

        db.Entry(kept).State = EntityState.Unchanged;
        scrapped.Scrap();
        db.Widgets.Remove(scrapped);
        await db.SaveChangesAsync();

        await using var check = service.Database.Open();
        Assert.Equal(["kept"], await check.Widgets.Select(w => w.Name).ToListAsync());
        Assert.Equal(3, await check.Set<OutboxMessage>().CountAsync());
    }

    private static Task WaitForEffectsAsync(MessagingTestHost service, string tag, int count) =>
        Eventually.TrueAsync(
            async () =>
            {
                await using var check = service.Database.Open();
                return await check.Effects.CountAsync(e => e.Tag == tag) >= count;
            },
            Delivery,
            async () =>
            {
                await using var check = service.Database.Open();
                return $"effects of {tag}: {await check.Effects.CountAsync(e => e.Tag == tag)}";
            });
}
