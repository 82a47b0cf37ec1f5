using System.Net;
using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Pages.Errands;
using Codewalkers.Web.Tests.Support;
using static Codewalkers.Web.Tests.Errands.ErrandSamples;

namespace Codewalkers.Web.Tests.Errands;

public sealed class ErrandPageTests : WebTestContext
{
    public ErrandPageTests()
    {
        Gateway.On("GET", $"/api/errands/{ErrandId}", Errand("pending_review",
                thread: [new ErrandNote(DateTimeOffset.UtcNow, "agent", "done", "Fixed the title.")]))
            .On("GET", $"/api/errands/{ErrandId}/diff", Diff);
    }

    private IRenderedComponent<ErrandPage> RenderPage()
    {
        var page = Render<ErrandPage>(p => p.Add(x => x.Id, ErrandId));
        page.WaitForElement(".diff");
        return page;
    }

    [Fact]
    public void The_errand_shows_its_thread_and_its_diff_with_added_and_removed_lines_marked()
    {
        var page = RenderPage();

        Assert.Contains("Fixed the title.", page.Find(".thread").TextContent);
        Assert.Equal("+", page.Find(".diff .added .num").TextContent);
        Assert.Contains("# The app", page.Find(".diff .added").TextContent);
        Assert.Contains("# Teh app", page.Find(".diff .removed").TextContent);
        Assert.Contains("Fix the title", page.Find("ul.small").TextContent);
    }

    [Fact]
    public void Requesting_changes_sends_the_feedback_and_shows_the_errand_active_again()
    {
        Gateway.On("POST", $"/api/errands/{ErrandId}/request-changes", Errand("active", version: 2), HttpStatusCode.Accepted);
        var page = RenderPage();

        page.Find("#errand-message").Input("Keep the British spelling.");
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Request changes").Click();

        page.WaitForAssertion(() => Assert.Equal("active", page.Find("h1 + .badge").TextContent));
        var sent = Gateway.Requests.Single(r => r.Method == HttpMethod.Post);
        Assert.Equal("{\"feedback\":\"Keep the British spelling.\"}", sent.Body);
    }

    [Fact]
    public void A_refused_merge_shows_the_services_reason()
    {
        Gateway.Refuse("POST", $"/api/errands/{ErrandId}/merge", 409, "Conflict", "Errand is merged already.");
        var page = RenderPage();

        page.FindAll("button").Single(b => b.TextContent.Contains("Merge into main")).Click();

        page.WaitForAssertion(() => Assert.Contains("Errand is merged already.", page.Find(".problem").TextContent));
    }

    [Fact]
    public async Task A_feed_entry_about_this_errand_shows_its_new_status()
    {
        var page = RenderPage();
        Gateway.On("GET", $"/api/errands/{ErrandId}", Errand("merged", version: 3));

        await PushAsync(StatusEntry("another_errand_000000", "merged"));
        Assert.Equal("pending review", page.Find("h1 + .badge").TextContent);
        await PushAsync(StatusEntry(ErrandId, "merged"));

        page.WaitForAssertion(() => Assert.Equal("merged", page.Find("h1 + .badge").TextContent));
    }
}
