using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Pages.Initiatives;
using Codewalkers.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static Codewalkers.Web.Tests.Plan.PlanFakes;

namespace Codewalkers.Web.Tests.Plan;

public sealed class InitiativesPageTests : WebTestContext
{
    public InitiativesPageTests()
    {
        Gateway.On("GET", "/api/projects", new[] { new PlanProject("p1", "shop", "/src/shop", "main"),
            new PlanProject("p2", "docs", "/src/docs", "main") });
        Gateway.On("GET", "/api/initiatives", Paged(Initiative()));
        Gateway.On("GET", "/api/providers", new[] { new SettingsProvider("claude", "claude", true, "/bin/claude", null, 0),
            new SettingsProvider("codex", "codex", true, "/bin/codex", null, 0),
            new SettingsProvider("gemini", "gemini", false, null, "npm install -g @google/gemini-cli", 0) });
        Gateway.On("GET", $"/api/initiatives/{InitiativeId}/tree", Tree(
            [Phase("ph1", "Schema")], [Task("t1", "ph1", "a", "completed"), Task("t2", "ph1", "b"),
                Task("t3", "ph1", "c"), Task("t4", "ph1", "d")]));
    }

    [Fact]
    public void Each_initiative_is_listed_with_its_status_progress_and_projects()
    {
        var page = Render<InitiativesPage>();

        page.WaitForAssertion(() =>
        {
            var row = page.Find("tbody tr");
            Assert.Contains("Checkout rewrite", row.TextContent);
            Assert.Contains("active", row.TextContent);
            Assert.Contains("1 / 4 tasks", row.TextContent);
            Assert.Contains("shop", row.TextContent);
            Assert.Equal("25%", page.Find("[role=progressbar] span").GetAttribute("style")!.Split(':')[1]);
        });
    }

    [Fact]
    public void Creating_sends_name_mode_quality_review_the_chosen_projects_and_provider_then_opens_the_plan()
    {
        Gateway.On("POST", "/api/initiatives", Initiative(id: "new-initiative-id"), System.Net.HttpStatusCode.Created);
        var page = Render<InitiativesPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("fieldset input[type=checkbox]").Count));

        page.Find("#initiative-name").Input("Search");
        page.Find("#initiative-mode").Change("yolo");
        page.FindAll("fieldset input[type=checkbox]")[1].Change(true);
        page.WaitForAssertion(() => Assert.True(page.Find("#initiative-provider option[value=gemini]").HasAttribute("disabled")));
        page.Find("#initiative-provider").Change("codex");
        page.Find("form").Submit();

        page.WaitForAssertion(() =>
        {
            var body = Assert.Single(Gateway.Requests, r => r.Method == HttpMethod.Post).Body;
            Assert.Equal("""{"name":"Search","executionMode":"yolo","qualityReview":false,"projectIds":["p2"],"providers":["codex"]}""", body);
            Assert.EndsWith("initiatives/new-initiative-id/plan", Services.GetRequiredService<NavigationManager>().Uri);
        });
    }

    [Fact]
    public void A_refused_create_shows_the_services_reason()
    {
        Gateway.Refuse("POST", "/api/initiatives", 400, "Validation failed", "Name is required.");
        var page = Render<InitiativesPage>();
        page.WaitForAssertion(() => page.Find("fieldset input[type=checkbox]"));

        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("Name is required.", page.Find(".problem").TextContent));
    }
}
