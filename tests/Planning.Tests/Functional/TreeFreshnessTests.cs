using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.Planning.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Codewalkers.Planning.Tests.Functional;

/// <summary>
/// The initiative tree is served from a cache: every kind of write shows in the next read, which equals a read from
/// scratch.
/// </summary>
public sealed class TreeFreshnessTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task The_tree_shows_every_change_made_after_it_was_read()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        var a = await _client.CreateTaskAsync(phase.Id, "A");
        var b = await _client.CreateTaskAsync(phase.Id, "B");
        var url = $"/api/initiatives/{initiative.Id}/tree";
        Assert.Empty((await _client.GetOkAsync<TreeApi.TreeResponse>(url)).TaskDependencies);
        // now served from the cache
        Assert.Empty((await _client.GetOkAsync<TreeApi.TreeResponse>(url)).TaskDependencies);

        await _client.PostOkAsync<TaskResponse>($"/api/tasks/{b.Id}/dependencies", new { dependsOn = new[] { a.Id } });
        Assert.Single((await _client.GetOkAsync<TreeApi.TreeResponse>(url)).TaskDependencies);

        await _client.PostOkAsync<TaskResponse>($"/api/tasks/{a.Id}/start", null);
        Assert.Equal(
            "in_progress",
            (await _client.GetOkAsync<TreeApi.TreeResponse>(url)).Tasks.Single(t => t.Id == a.Id).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/phases/{phase.Id}")).StatusCode);
        var emptied = await _client.GetOkAsync<TreeApi.TreeResponse>(url);
        Assert.Empty(emptied.Phases);
        Assert.Empty(emptied.Tasks);
    }

    [Fact]
    public async Task After_each_kind_of_write_the_tree_equals_one_read_from_scratch()
    {
        var cache = factory.Services.GetRequiredService<TreeCache>();
        var initiative = await _client.CreateInitiativeAsync();
        var other = await _client.CreateInitiativeAsync();
        var first = await _client.CreatePhaseAsync(initiative.Id, "First");
        var second = await _client.CreatePhaseAsync(initiative.Id, "Second", [first.Id]);
        var a = await _client.CreateTaskAsync(first.Id, "A");
        var b = await _client.CreateTaskAsync(first.Id, "B", [a.Id]);
        var c = await _client.CreateTaskAsync(second.Id, "C", [b.Id], parentTaskId: null);
        var url = $"/api/initiatives/{initiative.Id}/tree";
        await _client.GetStringAsync($"/api/initiatives/{other.Id}/tree");

        async Task AssertFreshAsync(string after)
        {
            var patched = await _client.GetStringAsync(url);
            Assert.Equal(patched, await _client.GetStringAsync(url)); // served from the cache now
            cache.Clear();
            Assert.True(
                await _client.GetStringAsync(url) == patched,
                $"After {after}, the updated tree differs from a full read");
        }

        await AssertFreshAsync("the first read");
        await _client.PatchAsJsonAsync($"/api/tasks/{a.Id}", new { name = "A renamed", order = 5 });
        await AssertFreshAsync("a task edit");
        await _client.PostOkAsync<TaskResponse>($"/api/tasks/{a.Id}/start", null);
        await AssertFreshAsync("a task transition");
        var d = await _client.CreateTaskAsync(second.Id, "D", [a.Id, c.Id]);
        await AssertFreshAsync("a task created with dependencies");
        await _client.PostOkAsync<TaskResponse>($"/api/tasks/{c.Id}/dependencies", new { dependsOn = new[] { a.Id } });
        await AssertFreshAsync("a dependency added");
        Assert.Equal(
            HttpStatusCode.OK, (await _client.DeleteAsync($"/api/tasks/{c.Id}/dependencies/{b.Id}")).StatusCode);
        await AssertFreshAsync("a dependency removed");
        await _client.PatchAsJsonAsync($"/api/phases/{second.Id}", new { name = "Second renamed" });
        await _client.PostOkAsync<PhaseResponse>($"/api/phases/{first.Id}/approve", null);
        await AssertFreshAsync("phase edits");
        var third = await _client.CreatePhaseAsync(initiative.Id, "Third", [second.Id]);
        await (await _client.PostAsJsonAsync(
                $"/api/phases/{first.Id}/dependencies", new { dependsOn = new[] { third.Id } }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await AssertFreshAsync("a phase created and a refused cycle");
        await _client.PatchAsJsonAsync($"/api/initiatives/{initiative.Id}", new { name = "Renamed plan" });
        await AssertFreshAsync("an initiative rename");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/tasks/{a.Id}")).StatusCode);
        await AssertFreshAsync("a task delete");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/phases/{second.Id}")).StatusCode);
        await AssertFreshAsync("a phase delete");
        var tree = await _client.GetOkAsync<TreeApi.TreeResponse>(url);
        Assert.Equal(("Renamed plan", 2), (tree.Name, tree.Phases.Count));
        Assert.Equal([b.Id], tree.Tasks.Select(t => t.Id));
    }

    [Fact]
    public async Task The_tree_JSON_is_exactly_what_serializing_the_documented_records_gives()
    {
        var initiative = await _client.CreateInitiativeAsync("Quotes \"<&>\" and ünïcode");
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Phase <1>");
        var a = await _client.CreateTaskAsync(phase.Id, "A & B");
        await _client.CreateTaskAsync(phase.Id, "B", [a.Id], parentTaskId: a.Id);

        var text = await _client.GetStringAsync($"/api/initiatives/{initiative.Id}/tree");

        var api = factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        Assert.Equal(JsonSerializer.Serialize(JsonSerializer.Deserialize<TreeApi.TreeResponse>(text, api), api), text);
    }
}
