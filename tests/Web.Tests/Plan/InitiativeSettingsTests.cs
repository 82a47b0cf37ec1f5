using System.Net;
using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Pages.Initiatives;
using Codewalkers.Web.Tests.Support;
using static Codewalkers.Web.Tests.Plan.PlanFakes;

namespace Codewalkers.Web.Tests.Plan;

public sealed class InitiativeSettingsTests : WebTestContext
{
    [Fact]
    public void Saving_sends_the_changed_settings_and_the_header_shows_them()
    {
        Gateway.On("GET", $"/api/initiatives/{InitiativeId}", Initiative());
        Gateway.On("GET", $"/api/initiatives/{InitiativeId}/tree", Tree());
        Gateway.On("GET", $"/api/proposals?initiativeId={InitiativeId}&status=pending&take=500", Paged<PlanProposal>());
        Gateway.On("GET", $"/api/initiatives/{InitiativeId}/assignments?take=100", Paged<PlanAssignment>());
        Gateway.On("PATCH", $"/api/initiatives/{InitiativeId}",
            Initiative() with { ExecutionMode = "yolo", Providers = ["codex", "claude"], VerifyCommand = "make check",
                Version = 2 });
        var page = Render<InitiativePage>(p => p.Add(i => i.Id, InitiativeId));
        page.WaitForAssertion(() => Assert.Equal("Checkout rewrite", page.Find("h1").TextContent));

        page.Find("#settings-mode").Change("yolo");
        page.Find("#settings-providers").Input(" codex ,claude,, ");
        page.Find("#settings-verify").Input("  make check ");
        page.Find("form[aria-label='Initiative settings']").Submit();

        page.WaitForAssertion(() => Assert.Contains("Saved.", page.Markup));
        var patch = Gateway.Requests.Single(r => r.Method == HttpMethod.Patch);
        Assert.Equal(
            """{"executionMode":"yolo","qualityReview":false,"providers":["codex","claude"],"verifyCommand":"make check"}""",
            patch.Body);
        var header = page.Find("header p").TextContent;
        Assert.Contains("agents run on codex", header);
        Assert.Contains("checked by make check", header);
    }

    [Fact]
    public void A_refused_save_names_the_problem_and_keeps_what_was_typed()
    {
        Gateway.Refuse("PATCH", $"/api/initiatives/{InitiativeId}", 400, "Invalid request",
            "verifyCommand: A verify command holds no control characters.");
        var settings = Render<InitiativeSettings>(p => p.Add(s => s.Initiative, Initiative()));

        settings.Find("#settings-verify").Input("make\u0007");
        settings.Find("form").Submit();

        settings.WaitForAssertion(() =>
            Assert.Contains("verifyCommand: A verify command holds no control characters.", settings.Markup));
        Assert.Equal("make\u0007", settings.Find("#settings-verify").GetAttribute("value"));
        Assert.DoesNotContain("Saved.", settings.Markup);
    }

    [Fact]
    public void The_fields_show_the_initiative_as_it_is()
    {
        var settings = Render<InitiativeSettings>(p => p.Add(s => s.Initiative,
            Initiative() with { QualityReview = true, Providers = ["gemini", "claude"], VerifyCommand = "npm test" }));

        Assert.Equal("gemini, claude", settings.Find("#settings-providers").GetAttribute("value"));
        Assert.Equal("npm test", settings.Find("#settings-verify").GetAttribute("value"));
        Assert.True(settings.Find("input[type=checkbox]").HasAttribute("checked"));
    }
}
