using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Pages.Initiatives;
using Codewalkers.Web.Tests.Support;
using static Codewalkers.Web.Tests.Plan.PlanFakes;

namespace Codewalkers.Web.Tests.Plan;

public sealed class InitiativePageTests : WebTestContext
{
    public InitiativePageTests()
    {
        Gateway.On("GET", $"/api/initiatives/{InitiativeId}", Initiative());
        Gateway.On("GET", $"/api/initiatives/{InitiativeId}/tree", Tree());
        Gateway.On("GET", $"/api/proposals?initiativeId={InitiativeId}&status=pending&take=500", Paged<PlanProposal>());
        Gateway.On("GET", $"/api/initiatives/{InitiativeId}/assignments?take=100", Paged<PlanAssignment>());
    }

    [Fact]
    public void Without_a_tab_in_the_path_the_plan_opens_and_its_tab_is_marked_current()
    {
        var page = Render<InitiativePage>(p => p.Add(i => i.Id, InitiativeId));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Checkout rewrite", page.Find("h1").TextContent);
            var current = page.Find(".tabs [aria-current=page]");
            Assert.Equal("Plan", current.TextContent);
            Assert.Equal($"initiatives/{InitiativeId}/plan", current.GetAttribute("href"));
            Assert.Contains("No phases yet", page.Markup);
        });
    }

    [Fact]
    public async Task A_status_change_of_the_initiative_in_the_feed_shows_without_a_reload()
    {
        var page = Render<InitiativePage>(p => p.Add(i => i.Id, InitiativeId));
        page.WaitForAssertion(() => Assert.Equal("active", page.Find("header .badge").TextContent));
        Gateway.On("GET", $"/api/initiatives/{InitiativeId}", Initiative(status: "pending_review"));

        await PushAsync(Entry("initiative.pending_review"));

        page.WaitForAssertion(() => Assert.Equal("pending review", page.Find("header .badge").TextContent));
    }
}
