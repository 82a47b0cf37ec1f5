using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Codewalkers.Messaging.Tests;

public sealed class RetentionPrunerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private readonly TestDbFile _database = TestDbFile.Create();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Prune_deletes_sent_outbox_rows_and_inbox_records_past_retention_and_keeps_the_rest()
    {
        var old = Now - Retention - TimeSpan.FromMinutes(1);
        var recent = Now - Retention + TimeSpan.FromMinutes(1);

        var sentOld = Outbox(createdAt: old);
        sentOld.MarkSent(old);
        var sentRecent = Outbox(createdAt: old);
        sentRecent.MarkSent(recent);
        var pendingOld = Outbox(createdAt: old);
        var deadLetteredOld = Outbox(createdAt: old);
        deadLetteredOld.MarkDeadLettered("Unknown message type");
        var inboxOld = new InboxMessage(Guid.NewGuid(), "Consumer", old);
        var inboxRecent = new InboxMessage(Guid.NewGuid(), "Consumer", recent);

        await using (var db = _database.Open())
        {
            db.Set<OutboxMessage>().AddRange(sentOld, sentRecent, pendingOld, deadLetteredOld);
            db.Set<InboxMessage>().AddRange(inboxOld, inboxRecent);
            await db.SaveChangesAsync();
        }

        await using var services = BuildServices();
        var pruner = ActivatorUtilities.CreateInstance<RetentionPruner<TestDb>>(services);

        var pruned = await pruner.PruneAsync(CancellationToken.None);

        Assert.Equal(2, pruned);
        await using var check = _database.Open();
        Assert.Equal(
            new[] { sentRecent.MessageId, pendingOld.MessageId, deadLetteredOld.MessageId }.Order(),
            (await check.Set<OutboxMessage>().Select(m => m.MessageId).ToListAsync()).Order());
        Assert.Equal([inboxRecent.MessageId], await check.Set<InboxMessage>().Select(m => m.MessageId).ToListAsync());

        // Nothing left past the window: a second run is a no-op.
        Assert.Equal(0, await pruner.PruneAsync(CancellationToken.None));
    }

    private static OutboxMessage Outbox(DateTimeOffset createdAt) =>
        new(
            Guid.NewGuid(),
            OutboxWriter.MessageTypeName(typeof(ThingHappened)),
            """{"tag":"x","number":1}""",
            null,
            null,
            createdAt);

    private ServiceProvider BuildServices()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Messaging:Retention"] = "7.00:00:00" })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(new FixedTimeProvider(Now));
        services.AddDbContext<TestDb>(options => options.UseSqlite(_database.ConnectionString));
        services.AddOutboxAndInbox<TestDb>(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
