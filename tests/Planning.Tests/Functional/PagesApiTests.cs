using System.Net;
using System.Net.Http.Json;
using Codewalkers.Contracts.Planning;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Functional;

public sealed class PagesApiTests(PlanningFactory factory) : IClassFixture<PlanningFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task A_page_without_a_parent_goes_under_the_root_and_keeps_its_Tiptap_content()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var doc = new { type = "doc", content = new[] { new { type = "paragraph" } } };

        var page = await _client.PostOkAsync<PageResponse>(
            "/api/pages",
            new { initiativeId = initiative.Id, title = "Design", content = doc },
            HttpStatusCode.Created);

        Assert.Equal(initiative.RootPageId, page.ParentPageId);
        Assert.Equal("paragraph", page.Content!.Value.GetProperty("content")[0].GetProperty("type").GetString());
        SameJson.AssertSameJson(page, await _client.GetOkAsync<PageResponse>($"/api/pages/{page.Id}"));
    }

    [Fact]
    public async Task Content_given_as_a_string_holding_JSON_is_accepted_and_other_strings_are_400()
    {
        var initiative = await _client.CreateInitiativeAsync();

        await _client.PostOkAsync<PageResponse>(
            "/api/pages",
            new { initiativeId = initiative.Id, title = "S", content = """{"type":"doc"}""" },
            HttpStatusCode.Created);
        var refused = await _client.PostAsJsonAsync(
            "/api/pages", new { initiativeId = initiative.Id, title = "S", content = "not json" });

        await refused.AssertValidationProblemAsync("content");
    }

    [Fact]
    public async Task A_page_is_written_and_read_as_markdown_too_and_content_with_markdown_is_400()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var page = await _client.CreatePageAsync(initiative.Id, "Notes");

        var edited = await _client.PatchOkAsync<PageResponse>(
            $"/api/pages/{page.Id}", new { markdown = "## Goals\n\n- fast\n- small\n" });

        Assert.Equal("heading", edited.Content!.Value.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("bulletList", edited.Content!.Value.GetProperty("content")[1].GetProperty("type").GetString());
        Assert.Equal("## Goals\n\n- fast\n- small", edited.Markdown.Trim());
        var both = await _client.PatchAsJsonAsync(
            $"/api/pages/{page.Id}", new { markdown = "x", content = new { type = "doc" } });
        await both.AssertValidationProblemAsync("markdown");
        Assert.Equal(edited.Version, (await _client.GetOkAsync<PageResponse>($"/api/pages/{page.Id}")).Version);
    }

    [Fact]
    public async Task Moving_a_page_reorders_it_and_moving_it_into_its_own_subtree_is_a_409()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var parent = await _client.CreatePageAsync(initiative.Id, "Parent");
        var child = await _client.CreatePageAsync(initiative.Id, "Child", parent.Id);
        var other = await _client.CreatePageAsync(initiative.Id, "Other");

        var moved = await _client.PostOkAsync<PageResponse>(
            $"/api/pages/{child.Id}/move", new { parentPageId = other.Id, sortOrder = 3 });
        Assert.Equal((other.Id, 0), (moved.ParentPageId, moved.SortOrder)); // its only child: past the end is last

        var cycle = await _client.PostAsJsonAsync($"/api/pages/{other.Id}/move", new { parentPageId = child.Id });
        await cycle.AssertProblemAsync(HttpStatusCode.Conflict);
        var root = await _client.PostAsJsonAsync(
            $"/api/pages/{initiative.RootPageId}/move", new { parentPageId = other.Id });
        await root.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Moving_a_page_under_a_page_of_another_initiative_is_a_400()
    {
        var mine = await _client.CreatePageAsync((await _client.CreateInitiativeAsync()).Id);
        var theirs = await _client.CreatePageAsync((await _client.CreateInitiativeAsync()).Id);

        var response = await _client.PostAsJsonAsync($"/api/pages/{mine.Id}/move", new { parentPageId = theirs.Id });

        await response.AssertValidationProblemAsync("parentPageId");
    }

    [Fact]
    public async Task Deleting_a_page_takes_its_subtree_and_publishes_a_delete_for_each_but_the_root_stays()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var parent = await _client.CreatePageAsync(initiative.Id, "Parent");
        var child = await _client.CreatePageAsync(initiative.Id, "Child", parent.Id);
        var grandchild = await _client.CreatePageAsync(initiative.Id, "Grandchild", child.Id);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/pages/{parent.Id}")).StatusCode);

        var remaining = await _client.GetOkAsync<PageSummary[]>($"/api/pages?initiativeId={initiative.Id}");
        Assert.Equal([initiative.RootPageId], remaining.Select(p => p.Id));
        await Eventually.TrueAsync(() => Task.FromResult(
            factory.Harness.Published.Select<PageDeleted>(m => m.Context.Message.PageId == grandchild.Id).Any()),
            "grandchild delete published");
        await (await _client.DeleteAsync($"/api/pages/{initiative.RootPageId}"))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Editing_a_page_changes_title_and_content_and_bumps_the_version()
    {
        var page = await _client.CreatePageAsync((await _client.CreateInitiativeAsync()).Id);

        var response = await _client.PatchAsJsonAsync(
            $"/api/pages/{page.Id}",
            new { title = "Renamed", content = new { type = "doc", content = Array.Empty<object>() } });

        var edited = (await response.Content.ReadFromJsonAsync<PageResponse>())!;
        Assert.Equal(("Renamed", page.Version + 1), (edited.Title, edited.Version));
    }

    [Fact]
    public async Task Listing_pages_needs_an_existing_initiative()
    {
        await (await _client.GetAsync("/api/pages")).AssertValidationProblemAsync("initiativeId");
        await (await _client.GetAsync("/api/pages?initiativeId=nope")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Moving_a_page_to_position_k_shifts_its_siblings_so_sortOrder_stays_dense()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var a = await _client.CreatePageAsync(initiative.Id, "A");
        var b = await _client.CreatePageAsync(initiative.Id, "B");
        var c = await _client.CreatePageAsync(initiative.Id, "C");
        var d = await _client.CreatePageAsync(initiative.Id, "D");
        Assert.Equal("A0 B1 C2 D3", await ChildrenAsync(initiative, initiative.RootPageId));

        await _client.PostOkAsync<PageResponse>($"/api/pages/{d.Id}/move", new { sortOrder = 1 });
        Assert.Equal("A0 D1 B2 C3", await ChildrenAsync(initiative, initiative.RootPageId));

        await _client.PostOkAsync<PageResponse>($"/api/pages/{a.Id}/move", new { parentPageId = c.Id });
        Assert.Equal("D0 B1 C2", await ChildrenAsync(initiative, initiative.RootPageId));
        Assert.Equal("A0", await ChildrenAsync(initiative, c.Id));

        await _client.PostOkAsync<PageResponse>(
            "/api/pages", new { initiativeId = initiative.Id, title = "E", sortOrder = 0 }, HttpStatusCode.Created);
        Assert.Equal("E0 D1 B2 C3", await ChildrenAsync(initiative, initiative.RootPageId));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/pages/{d.Id}")).StatusCode);
        Assert.Equal("E0 B1 C2", await ChildrenAsync(initiative, initiative.RootPageId));
        var shiftedB = await _client.GetOkAsync<PageResponse>($"/api/pages/{b.Id}");
        await Eventually.TrueAsync(() => Task.FromResult(factory.Harness.Published
            .Select<PageUpdated>(m => m.Context.Message.PageId == b.Id
                && m.Context.Message.Version == shiftedB.Version
                && m.Context.Message.SortOrder == 1)
            .Any()),
            "B's latest place published");
    }

    [Fact]
    public async Task Moving_a_page_to_a_negative_position_is_a_400_that_changes_nothing()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var a = await _client.CreatePageAsync(initiative.Id, "A");
        await _client.CreatePageAsync(initiative.Id, "B");

        await (await _client.PostAsJsonAsync($"/api/pages/{a.Id}/move", new { sortOrder = -1 }))
            .AssertValidationProblemAsync("sortOrder");

        Assert.Equal("A0 B1", await ChildrenAsync(initiative, initiative.RootPageId));
    }

    /// <summary>The children of a page as the listing shows them: "title sortOrder" in order.</summary>
    private async Task<string> ChildrenAsync(InitiativeResponse initiative, string parentId) =>
        string.Join(" ", (await _client.GetOkAsync<PageSummary[]>($"/api/pages?initiativeId={initiative.Id}"))
            .Where(p => p.ParentPageId == parentId).Select(p => $"{p.Title}{p.SortOrder}"));
}
