using Codewalkers.Web.Components.Pages.Errands;
using Codewalkers.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static Codewalkers.Web.Tests.Errands.ErrandSamples;

namespace Codewalkers.Web.Tests.Errands;

public sealed class ErrandsPageTests : WebTestContext
{
    public ErrandsPageTests()
    {
        Gateway.On("GET", "/api/errands/projects", new[] { Project })
            .On("GET", "/api/errands", new[] { Errand("pending_review") });
    }

    [Fact]
    public void Errands_are_listed_with_their_project_and_status_and_link_to_their_page()
    {
        var page = Render<ErrandsPage>();

        page.WaitForAssertion(() =>
        {
            var row = page.Find("tbody tr");
            Assert.Contains("my-app", row.TextContent);
            Assert.Contains("pending review", row.TextContent);
            Assert.Equal($"errands/{ErrandId}", row.QuerySelector("a")!.GetAttribute("href"));
        });
    }

    [Fact]
    public void Starting_an_errand_sends_description_project_and_base_branch_then_opens_it()
    {
        Gateway.On("POST", "/api/errands", Errand("active"));
        var page = Render<ErrandsPage>();
        page.WaitForElement("#errand-description");

        page.Find("#errand-description").Input("Fix the README title");
        page.Find("#errand-base").Input("develop");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.EndsWith($"/errands/{ErrandId}",
            Services.GetRequiredService<NavigationManager>().Uri));
        var sent = Gateway.Requests.Single(r => r.Method == HttpMethod.Post);
        Assert.Contains($"\"projectId\":\"{ProjectId}\"", sent.Body);
        Assert.Contains("\"description\":\"Fix the README title\"", sent.Body);
        Assert.Contains("\"baseBranch\":\"develop\"", sent.Body);
    }

    [Fact]
    public void A_refused_start_shows_what_the_service_said()
    {
        Gateway.Refuse("POST", "/api/errands", 400, "Validation failed", "Branch 'nope' does not exist in project 'my-app'.");
        var page = Render<ErrandsPage>();
        page.WaitForElement("#errand-description");

        page.Find("#errand-description").Input("Fix it");
        page.Find("#errand-base").Input("nope");
        page.Find("form").Submit();

        page.WaitForAssertion(() =>
            Assert.Contains("Branch 'nope' does not exist", page.Find("[role=alert]").TextContent));
    }
}
