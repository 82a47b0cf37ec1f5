using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Messaging.Tests.Infrastructure;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Codewalkers.Messaging.Tests.Postgres;

/// <summary>
/// Under PostgreSQL several replicas of a service share its outbox and inbox tables, writing at the same moment: what
/// SQLite's single writer guaranteed must hold through row locks and unique keys.
/// </summary>
public sealed class PostgresOutboxTests : IAsyncLifetime
{
    private readonly string _database = TestPostgres.CreateDatabase("messaging");

    public async Task InitializeAsync()
    {
        await using var db = Open();
        await db.Database.EnsureCreatedAsync();
    }

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(_database);

    [PostgresFact]
    public async Task Two_dispatchers_on_one_outbox_send_every_message_exactly_once()
    {
        const int messages = 300;
        await using var first = Replica();
        await using var second = Replica();
        await using (var scope = first.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDb>();
            for (var i = 0; i < messages; i++) db.Widgets.Add(Widget.Create($"widget-{i}"));
            await db.SaveChangesAsync();
        }

        // Both start on a full outbox, so both ask for the same oldest rows at once.
        var dispatchers = new[] { Dispatcher(first), Dispatcher(second) };
        await Task.WhenAll(first.GetRequiredService<ITestHarness>().Start(),
            second.GetRequiredService<ITestHarness>().Start());
        await Task.WhenAll(dispatchers.Select(d => d.StartAsync(CancellationToken.None)));
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                await using var db = Open();
                return !await db.Set<OutboxMessage>().AnyAsync(m => m.SentAt == null);
            }, "every outbox row marked sent", TimeSpan.FromSeconds(60));
        }
        finally
        {
            await Task.WhenAll(dispatchers.Select(d => d.StopAsync(CancellationToken.None)));
        }

        var sent = new[] { first, second }
            .SelectMany(replica => replica.GetRequiredService<ITestHarness>().Published.Select<ThingHappened>(_ => true))
            .Select(published => published.Context.MessageId!.Value)
            .ToList();
        await using (var db = Open())
        {
            var written = await db.Set<OutboxMessage>().Select(m => m.MessageId).ToListAsync();
            Assert.Equal(messages, written.Count);
            Assert.Equal(written.Order(), sent.Order());
        }
    }

    [PostgresFact]
    public async Task The_inbox_refuses_a_second_record_of_one_message_for_one_consumer()
    {
        var messageId = Guid.NewGuid();
        await using var winner = Open();
        await using var loser = Open();
        await using var transaction = await winner.Database.BeginTransactionAsync();
        winner.Add(new InboxMessage(messageId, "consumer", DateTimeOffset.UtcNow));
        await winner.SaveChangesAsync();

        // The second writer waits for the first one's commit, then collides with its key.
        loser.Add(new InboxMessage(messageId, "consumer", DateTimeOffset.UtcNow));
        var saving = loser.SaveChangesAsync();
        await transaction.CommitAsync();
        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => saving);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(failure.InnerException).SqlState);

        await using var db = Open();
        Assert.Equal(1, await db.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId));
    }

    private TestDb Open() => new(new DbContextOptionsBuilder<TestDb>().UseNpgsql(_database).Options);

    /// <summary>One replica of the service: its own bus (the in-memory harness), the shared database.</summary>
    private ServiceProvider Replica()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddMassTransitTestHarness();
        services.AddOutboxAndInbox<TestDb>();
        // Small batches: many claims, each a chance for the two dispatchers to take the same rows.
        services.Configure<MessagingOptions>(options => options.BatchSize = 7);
        services.AddDbContext<TestDb>(options => options.UseNpgsql(_database));
        return services.BuildServiceProvider();
    }

    private static IHostedService Dispatcher(IServiceProvider replica) =>
        ActivatorUtilities.CreateInstance<OutboxDispatcher<TestDb>>(replica);
}
