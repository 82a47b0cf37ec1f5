using Codewalkers.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Codewalkers.EndToEnd.Tests.Web;

/// <summary>Signing in as a person does: the link ./run.sh prints, or the token pasted into the form.</summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class SignInBrowserTests(CodewalkersApp app, WebBrowser browser) : IClassFixture<WebBrowser>
{
    [Fact]
    public async Task The_link_signs_in_and_the_address_bar_keeps_no_token()
    {
        await using var tab = await browser.OpenAsync(app.GatewayUrl);

        await tab.SignInAsync(app.Token, "/initiatives");

        Assert.DoesNotContain("token", tab.Page.Url);
        Assert.EndsWith("/initiatives", tab.Page.Url);
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
        var cookie = Assert.Single(await tab.Page.Context.CookiesAsync(), c => c.Name == "cw_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Empty(tab.ConsoleErrors);
    }

    [Fact]
    public async Task Without_the_cookie_the_page_asks_for_the_token_and_the_pasted_token_signs_in()
    {
        await using var tab = await browser.OpenAsync(app.GatewayUrl);
        await tab.Page.GotoAsync("/agents");
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Codewalkers" }))
            .ToBeVisibleAsync();
        await tab.ScreenshotAsync("sign-in");
        Assert.Empty(await tab.SeriousAccessibilityProblemsAsync());

        await tab.Page.GetByLabel("API token").FillAsync("not-the-token");
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not this Codewalkers' token");

        await tab.Page.GetByLabel("API token").FillAsync(app.Token);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await tab.WaitForCircuitAsync();

        Assert.EndsWith("/agents", tab.Page.Url);
    }
}
