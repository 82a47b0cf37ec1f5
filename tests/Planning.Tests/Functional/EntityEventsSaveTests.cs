using System.Text.Json;
using Codewalkers.Contracts.Planning;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Tests.Functional;

/// <summary>A save writes each changed entity's one event to the outbox, and nothing for an unchanged one.</summary>
public sealed class EntityEventsSaveTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task Changing_an_entity_twice_and_saving_writes_one_update_with_its_final_version()
    {
        var phase = await _client.CreatePhaseAsync((await _client.CreateInitiativeAsync()).Id);
        var task = await _client.CreateTaskAsync(phase.Id, "Code");

        var version = await factory.QueryAsync(async db =>
        {
            var tracked = await db.Tasks.Include(t => t.Dependencies).SingleAsync(t => t.Id == task.Id);
            tracked.Edit("Code it", null, null, TaskPriority.High, null, DateTimeOffset.UtcNow);
            tracked.Start(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            return tracked.Version;
        });

        var updates = await OutboxAsync<TaskUpdated>(task.Id);
        var update = Assert.Single(updates);
        Assert.Equal(3L, version);
        Assert.Equal((version, "Code it", "high", "in_progress"),
            (update.Version, update.Name, update.Priority, update.Status));
    }

    [Fact]
    public async Task Saving_an_unchanged_entity_writes_nothing()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var before = await factory.QueryAsync(db => db.Set<OutboxMessage>().CountAsync());

        await factory.QueryAsync(async db =>
        {
            await db.Initiatives.Include(i => i.Projects).SingleAsync(i => i.Id == initiative.Id);
            return await db.SaveChangesAsync();
        });

        Assert.Equal(before, await factory.QueryAsync(db => db.Set<OutboxMessage>().CountAsync()));
        Assert.Empty(await OutboxAsync<InitiativeUpdated>(initiative.Id));
    }

    [Fact]
    public async Task Deleting_an_entity_writes_its_delete_with_the_next_version()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var page = await _client.CreatePageAsync(initiative.Id, "Notes");

        await _client.DeleteAsync($"/api/pages/{page.Id}");

        var deleted = Assert.Single(await OutboxAsync<PageDeleted>(page.Id));
        Assert.Equal(page.Version + 1, deleted.Version);
    }

    private Task<List<T>> OutboxAsync<T>(string entityId) => factory.QueryAsync(async db =>
    {
        var type = OutboxTypeName(typeof(T));
        var bodies = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.MessageType == type && m.Body.Contains(entityId))
            .OrderBy(m => m.Sequence).Select(m => m.Body).ToListAsync();
        return bodies.Select(b => JsonSerializer.Deserialize<T>(b, JsonSerializerOptions.Web)!).ToList();
    });

    private static string OutboxTypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
