using System.Net.Http.Json;
using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Codewalkers.Collaboration.Apis.EventsApi;

namespace Codewalkers.Collaboration.Tests;

/// <summary>
/// Feed ids under concurrent writers (PostgreSQL; SQLite has one writer): a reader that pages forward from the last id
/// it saw, as a resuming stream does, must get every entry, although ids are handed out at insert, not at commit.
/// </summary>
public sealed class FeedOrderTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [PostgresFact]
    public async Task An_entry_that_took_its_id_first_but_commits_last_is_not_skipped_by_a_resuming_reader()
    {
        var initiative = Ids.New();
        var reader = new FeedReader(_client, initiative);

        // The first writer takes its id and keeps its transaction open...
        await using var slowScope = factory.Services.CreateAsyncScope();
        var slow = slowScope.ServiceProvider.GetRequiredService<CollaborationDbContext>();
        await using var open = await slow.Database.BeginTransactionAsync();
        await Record(slow, initiative);
        await slow.SaveChangesAsync();
        // ...while a second one records and commits, and the reader keeps reading.
        var quick = Task.Run(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CollaborationDbContext>();
            await Record(db, initiative);
            await db.SaveChangesAsync();
        });
        var readUntil = DateTimeOffset.UtcNow.AddSeconds(1);
        while (DateTimeOffset.UtcNow < readUntil) await reader.ReadAsync();
        await open.CommitAsync();
        await quick.WaitAsync(TimeSpan.FromSeconds(30));

        var seen = await reader.ReadUntilAsync(2);
        Assert.Equal(2, seen.Count);
        Assert.Equal(seen.Order(), seen);
    }

    [PostgresFact]
    public async Task A_resuming_reader_gets_every_entry_of_many_concurrent_writers_in_id_order()
    {
        const int writers = 6, entriesEach = 15;
        var initiative = Ids.New();
        var reader = new FeedReader(_client, initiative);
        var writing = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < entriesEach; i++)
            {
                await using var scope = factory.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CollaborationDbContext>();
                await using var transaction = await db.Database.BeginTransactionAsync();
                await Record(db, initiative);
                await db.SaveChangesAsync();
                // Some time between taking the id and committing, as a consumer's other work takes.
                await Task.Delay(Random.Shared.Next(0, 15));
                await transaction.CommitAsync();
            }
        })).ToList();
        while (!writing.All(w => w.IsCompleted)) await reader.ReadAsync();
        await Task.WhenAll(writing);

        var seen = await reader.ReadUntilAsync(writers * entriesEach);
        var stored = await factory.QueryAsync(db =>
            db.FeedEntries.Where(e => e.InitiativeId == initiative).Select(e => e.Id).OrderBy(id => id).ToListAsync());
        Assert.Equal(writers * entriesEach, stored.Count);
        Assert.Equal(stored, seen);
    }

    private static Task Record(CollaborationDbContext db, string initiative) =>
        db.RecordAsync(FeedKinds.AgentCrashed, new FeedSubjectIds(initiative), new { }, DateTimeOffset.UtcNow,
            CancellationToken.None);

    /// <summary>Pages the feed forward from the last id it saw, as a stream resuming from Last-Event-ID does.</summary>
    private sealed class FeedReader(HttpClient client, string initiative)
    {
        private readonly List<long> _seen = [];
        private long _after;

        public async Task ReadAsync()
        {
            var page = (await client.GetFromJsonAsync<FeedPage>(
                $"/api/events?initiativeId={initiative}&after={_after}&limit=1000"))!;
            _seen.AddRange(page.Events.Select(e => e.Id));
            _after = page.LastId;
        }

        /// <summary>What it has seen, once it has <paramref name="count"/> entries or nothing new comes for 3 s.</summary>
        public async Task<List<long>> ReadUntilAsync(int count)
        {
            var quietUntil = DateTimeOffset.UtcNow.AddSeconds(3);
            while (_seen.Count < count && DateTimeOffset.UtcNow < quietUntil)
            {
                await ReadAsync();
                await Task.Delay(50);
            }
            return _seen;
        }
    }
}
