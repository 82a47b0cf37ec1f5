using System.Net;
using System.Text;
using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Pages.Settings;
using Codewalkers.Web.Tests.Support;

namespace Codewalkers.Web.Tests.Settings;

public sealed class SettingsPageTests : WebTestContext
{
    private static readonly DateTimeOffset Reset = new(2030, 1, 2, 15, 0, 0, TimeSpan.Zero);

    public SettingsPageTests()
    {
        Gateway.On("GET", "/api/projects", new[]
            {
                new SettingsProject("proj_000000000000000a", "my-app", "/home/me/my-app", "main", null,
                    DateTimeOffset.UtcNow, DateTimeOffset.UtcNow),
            })
            .On("GET", "/api/providers", new[] { new SettingsProvider("claude", "claude", true, "/usr/bin/claude", null, 1) })
            .On("GET", "/api/accounts", new[]
            {
                new SettingsAccount("acct_000000000000000a", "me@example.com", "claude", true, Reset, null, 0, true,
                    DateTimeOffset.UtcNow),
            })
            .On("GET", "/api/agents/capacity", SettingsSamples.Capacity())
            .On("GET", "/api/workspace/saved", Array.Empty<SavedWork>())
            .On("GET", "/health", _ => new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("Degraded\nagents: Degraded - agents is Degraded: broker: Unhealthy - connection lost",
                    Encoding.UTF8, "text/plain"),
            });
    }

    [Fact]
    public void Health_shows_every_service_with_the_reason_of_the_one_that_is_not_healthy()
    {
        var page = Render<SettingsPage>();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("section[aria-labelledby=health-heading] tbody tr").Count));
        var rows = page.FindAll("section[aria-labelledby=health-heading] tbody tr")
            .ToDictionary(r => r.QuerySelector("th")!.TextContent, r => r.TextContent);
        Assert.Contains("Degraded", rows["agents"]);
        Assert.Contains("broker: Unhealthy - connection lost", rows["agents"]);
        Assert.Contains("Healthy", rows["planning"]);
        Assert.Contains("http://localhost:18888", page.Markup);
    }

    [Fact]
    public void An_exhausted_account_says_until_when_and_adding_one_sends_its_credentials_as_json()
    {
        Gateway.On("POST", "/api/accounts", new { id = "acct_000000000000000b" }, HttpStatusCode.Created);
        var page = Render<SettingsPage>();
        page.WaitForAssertion(() => Assert.Contains("exhausted", page.Find("section[aria-labelledby=accounts-heading] tbody").TextContent));
        Assert.Contains($"until {Reset.LocalDateTime:g}", page.Find("section[aria-labelledby=accounts-heading] tbody").TextContent);

        page.Find("#account-email").Input("other@example.com");
        page.Find("#account-credentials").Input("{\"claudeAiOauth\":{\"accessToken\":\"x\"}}");
        page.Find("#account-email").Closest("form")!.Submit();

        page.WaitForAssertion(() => Assert.Contains(Gateway.Requests, r => r.Method == HttpMethod.Post));
        Assert.Equal("{\"email\":\"other@example.com\",\"provider\":\"claude\",\"credentials\":{\"claudeAiOauth\":{\"accessToken\":\"x\"}}}",
            Gateway.Requests.Single(r => r.Method == HttpMethod.Post).Body);
    }

    [Fact]
    public void A_refused_project_shows_the_services_reason()
    {
        Gateway.Refuse("POST", "/api/projects", 400, "Validation failed", "'/tmp/x' is not the root of an existing git repository.");
        var page = Render<SettingsPage>();
        page.WaitForAssertion(() => Assert.Contains("my-app", page.Find("section[aria-labelledby=projects-heading] tbody").TextContent));

        var add = () => page.Find("section[aria-labelledby=projects-heading] button[type=submit]");
        Assert.True(add().HasAttribute("disabled"));
        // Typed, not yet left: the button is ready while the cursor is still in the last field.
        page.Find("#project-name").Input("x");
        page.Find("#project-url").Input("/tmp/x");
        Assert.False(add().HasAttribute("disabled"));
        page.Find("#project-name").Closest("form")!.Submit();

        page.WaitForAssertion(() => Assert.Contains("is not the root of an existing git repository",
            page.Find("section[aria-labelledby=projects-heading] .problem").TextContent));
    }
}
