using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;

namespace Codewalkers.EndToEnd.Tests.Routes;

/// <summary>
/// The planning routes as a client of the gateway uses them: a plan built, checked, proposed to and reverted.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class PlanningRoutesTests(CodewalkersApp app)
{
    [Fact]
    public async Task A_plan_is_built_read_as_a_tree_and_an_accepted_proposal_reverted_through_the_gateway()
    {
        using var client = app.CreateClient();
        var initiative = await client.PostJsonAsync("/api/initiatives", new { name = Api.Unique("Planning e2e") });
        var initiativeId = initiative.Str("id");

        // Pages: a new page goes last; moving one to position 0 shifts the other.
        await client.PostJsonAsync("/api/pages",
            new { initiativeId, title = "Design", content = new { type = "doc" } });
        var notes = await client.PostJsonAsync("/api/pages", new { initiativeId, title = "Notes" });
        await client.PostJsonAsync($"/api/pages/{notes.Str("id")}/move", new { sortOrder = 0 });
        var pages = (await client.GetJsonAsync($"/api/pages?initiativeId={initiativeId}")).Items()
            .Where(p => p.GetProperty("parentPageId").GetString() == initiative.Str("rootPageId"));
        Assert.Equal(["Notes0", "Design1"],
            pages.Select(p => $"{p.Str("title")}{p.GetProperty("sortOrder").GetInt32()}"));

        // Phases and tasks with dependencies; closing a cycle is a 409 problem that names it.
        var first = await client.PostJsonAsync("/api/phases", new { initiativeId, name = "First" });
        var second = await client.PostJsonAsync("/api/phases",
            new { initiativeId, name = "Second", dependsOn = new[] { first.Str("id") } });
        var build = await client.PostJsonAsync("/api/tasks", new { phaseId = first.Str("id"), name = "Build" });
        var ship = await client.PostJsonAsync("/api/tasks",
            new { phaseId = second.Str("id"), name = "Ship", dependsOn = new[] { build.Str("id") } });
        var cycle = await client.PostAsJsonAsync($"/api/tasks/{build.Str("id")}/dependencies",
            new { dependsOn = new[] { ship.Str("id") } });
        Assert.Equal(HttpStatusCode.Conflict, cycle.StatusCode);
        Assert.Equal("application/problem+json", cycle.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await cycle.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Dependency cycle", problem.Str("title"));
        Assert.Contains($"{build.Str("id")} -> {ship.Str("id")} -> {build.Str("id")}", problem.Str("detail"));
        var badCategory = await client.PostAsJsonAsync("/api/tasks",
            new { phaseId = first.Str("id"), name = "X", category = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, badCategory.StatusCode);

        var tree = await client.TreeAsync(initiativeId);
        Assert.Equal(["First", "Second"], tree.GetProperty("phases").EnumerateArray().Select(p => p.Str("name")));
        Assert.Equal(["Build", "Ship"], TaskNames(tree).Order());
        Assert.Equal([$"{second.Str("id")}->{first.Str("id")}"], Edges(tree, "phaseDependencies"));
        Assert.Equal([$"{ship.Str("id")}->{build.Str("id")}"], Edges(tree, "taskDependencies"));

        // An agent's proposal, accepted (the tree shows its task),
        // then its change set reverted (gone, proposal pending again).
        var proposal = await client.PostJsonAsync("/api/proposals", new
        {
            initiativeId, agentId = "architect-e2e", targetType = "task", title = "Test", content = "Write the tests",
            metadata = new { phaseId = first.Str("id"), dependencies = new[] { build.Str("id") } },
        });
        var accepted = await client.PostJsonAsync($"/api/proposals/{proposal.Str("id")}/accept");
        var testTask = accepted.GetProperty("proposals")[0].Str("appliedEntityId");
        tree = await client.TreeAsync(initiativeId);
        Assert.Equal(["Build", "Ship", "Test"], TaskNames(tree).Order());
        Assert.Contains($"{testTask}->{build.Str("id")}", Edges(tree, "taskDependencies"));

        var reverted = await client.PostJsonAsync($"/api/change-sets/{accepted.Str("changeSetId")}/revert");
        Assert.Equal(JsonValueKind.String, reverted.GetProperty("revertedAt").ValueKind);
        tree = await client.TreeAsync(initiativeId);
        Assert.Equal(["Build", "Ship"], TaskNames(tree).Order());
        Assert.DoesNotContain(Edges(tree, "taskDependencies"), e => e.StartsWith(testTask, StringComparison.Ordinal));
        Assert.Equal("pending", (await client.GetJsonAsync($"/api/proposals/{proposal.Str("id")}")).Str("status"));
    }

    private static IEnumerable<string> TaskNames(JsonElement tree) =>
        tree.GetProperty("tasks").EnumerateArray().Select(t => t.Str("name"));

    private static IEnumerable<string> Edges(JsonElement tree, string list) =>
        tree.GetProperty(list).EnumerateArray().Select(e => $"{e.Str("from")}->{e.Str("to")}");
}
