using Codewalkers.Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Messaging.Tests;

public sealed class TimestampConventionTests : IDisposable
{
    private readonly TestDbFile _database = TestDbFile.Create();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Timestamps_are_stored_as_unix_milliseconds_and_can_be_compared_and_ordered_in_queries()
    {
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, 123, TimeSpan.FromHours(2));
        await using (var db = _database.Open())
        {
            db.Things.AddRange(
                new Thing { Name = "late", CreatedAt = now.AddMinutes(5), ArchivedAt = now.AddDays(1) },
                new Thing { Name = "early", CreatedAt = now, ArchivedAt = now.AddHours(1) },
                new Thing { Name = "live", CreatedAt = now.AddMinutes(1) });
            await db.SaveChangesAsync();
        }

        await using var check = _database.Open();
        // SQLite cannot compare or order DateTimeOffset columns; stored as integers it can, nullable ones included.
        var archivedSoon = await check.Things
            .Where(t => t.ArchivedAt != null && t.ArchivedAt < now.AddHours(2))
            .OrderBy(t => t.CreatedAt)
            .Select(t => t.Name)
            .ToListAsync();
        Assert.Equal(["early"], archivedSoon);
        Assert.Equal(["early", "live", "late"], await check.Things
            .OrderBy(t => t.CreatedAt)
            .Select(t => t.Name)
            .ToListAsync());

        var stored = await check.Database
            .SqlQueryRaw<long>("SELECT \"CreatedAt\" AS \"Value\" FROM things WHERE \"Name\" = 'early'")
            .SingleAsync();
        Assert.Equal(now.ToUnixTimeMilliseconds(), stored);
        var early = await check.Things.SingleAsync(t => t.Name == "early");
        Assert.Equal(now, early.CreatedAt);
        Assert.Equal(TimeSpan.Zero, early.CreatedAt.Offset);
        Assert.Null((await check.Things.SingleAsync(t => t.Name == "live")).ArchivedAt);
    }
}
