using System.Text.Json;
using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Initiatives.Content;
using Codewalkers.Web.Tests.Support;
using static Codewalkers.Web.Tests.Plan.PlanFakes;

namespace Codewalkers.Web.Tests.Plan;

public sealed class ContentTabTests : WebTestContext
{
    private const string Stored =
        """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Old text"}]}]}""";

    public ContentTabTests()
    {
        Gateway.On("GET", $"/api/pages?initiativeId={InitiativeId}", new[]
        {
            new PlanPageSummary(RootPageId, null, "Checkout rewrite", 0, 1),
            new PlanPageSummary("pg2", RootPageId, "Decisions", 0, 1),
        });
        Gateway.On("GET", $"/api/pages/{RootPageId}", Page(RootPageId, null, "Checkout rewrite"));
        Gateway.On("GET", "/api/pages/pg2", Page("pg2", RootPageId, "Decisions"));
    }

    private static PlanPage Page(string id, string? parent, string title) =>
        new(id, InitiativeId, parent, title, JsonDocument.Parse(Stored).RootElement, "Old text", 0, 1);

    private IRenderedComponent<ContentTab> RenderTab(string? pageId = null) =>
        Render<ContentTab>(p => p.Add(t => t.InitiativeId, InitiativeId).Add(t => t.PageId, pageId));

    [Fact]
    public void The_page_tree_nests_pages_and_the_picked_one_is_shown_rendered()
    {
        var tab = RenderTab("pg2");

        tab.WaitForAssertion(() =>
        {
            var child = tab.Find(".page-tree.nested a");
            Assert.Equal("Decisions", child.TextContent);
            Assert.Equal("page", child.GetAttribute("aria-current"));
            Assert.Equal("Decisions", tab.Find(".page-view h2").TextContent);
            Assert.Contains("<p>Old text</p>", tab.Find(".markdown").InnerHtml);
        });
    }

    [Fact]
    public void Saving_an_edit_stores_Tiptap_content_and_an_untouched_save_sends_nothing()
    {
        Gateway.On("PATCH", "/api/pages/pg2", Page("pg2", RootPageId, "Decisions"));
        var tab = RenderTab("pg2");
        tab.WaitForAssertion(() => tab.FindAll("button").Single(b => b.TextContent == "Edit").Click());

        tab.Find("form").Submit();
        Assert.DoesNotContain(Gateway.Requests, r => r.Method == HttpMethod.Patch);

        tab.WaitForAssertion(() => tab.FindAll("button").Single(b => b.TextContent == "Edit").Click());
        tab.Find("#page-markdown").Input("## Storage\n\nUse **Postgres**.");
        tab.Find("form").Submit();

        tab.WaitForAssertion(() =>
        {
            var patch = Assert.Single(Gateway.Requests, r => r.Method == HttpMethod.Patch);
            using var body = JsonDocument.Parse(patch.Body!);
            Assert.False(body.RootElement.TryGetProperty("title", out _));
            Assert.False(body.RootElement.TryGetProperty("markdown", out _));
            var content = body.RootElement.GetProperty("content").GetProperty("content");
            Assert.Equal("heading", content[0].GetProperty("type").GetString());
            Assert.Equal("bold", content[1].GetProperty("content")[1].GetProperty("marks")[0].GetProperty("type").GetString());
        });
    }

    [Fact]
    public void A_refused_save_keeps_the_editor_open_with_the_reason()
    {
        Gateway.Refuse("PATCH", "/api/pages/pg2", 400, "Validation failed", "Title is too long.");
        var tab = RenderTab("pg2");
        tab.WaitForAssertion(() => tab.FindAll("button").Single(b => b.TextContent == "Edit").Click());

        tab.Find("#page-title").Input("Renamed");
        tab.Find("form").Submit();

        tab.WaitForAssertion(() =>
        {
            Assert.Contains("Title is too long.", tab.Find(".problem").TextContent);
            Assert.Equal("Renamed", tab.Find("#page-title").GetAttribute("value"));
        });
    }
}
