using System.Net;
using Codewalkers.EndToEnd.Tests.Infrastructure;

namespace Codewalkers.EndToEnd.Tests.Security;

/// <summary>
/// The web app through the gateway, as a browser meets it: the token link signs in with a cookie and leaves the
/// address; without the cookie nothing but the sign-in page is served; a write from another origin is refused.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class WebSignInTests(CodewalkersApp app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/initiatives")]
    [InlineData("/agents/00000000-0000-0000-0000-000000000001")]
    [InlineData("/api/docs")]
    public async Task Without_the_cookie_a_page_is_the_sign_in_page(string path)
    {
        using var browser = Browser();
        using var request = Page(HttpMethod.Get, path);

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Sign in to Codewalkers", html);
        Assert.DoesNotContain("blazor.web.js", html);
    }

    [Theory]
    [InlineData("POST", "/_blazor/negotiate?negotiateVersion=1")]
    [InlineData("GET", "/_framework/blazor.web.js")]
    [InlineData("GET", "/app.css")]
    public async Task Without_the_cookie_the_circuit_and_the_files_are_refused(string method, string path)
    {
        using var browser = Browser();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.TryAddWithoutValidation("Origin", app.GatewayUrl.GetLeftPart(UriPartial.Authority));

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_token_link_sets_an_http_only_strict_cookie_and_drops_the_token_from_the_address()
    {
        using var browser = Browser();

        using var response = await browser.SendAsync(Page(HttpMethod.Get, $"/initiatives?token={app.Token}&x=1"));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/initiatives?x=1", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("cw_session=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(app.Token, cookie);

        using var page = await browser.SendAsync(Page(HttpMethod.Get, "/initiatives", cookie.Split(';')[0]));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("blazor.web.js", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_token_gets_the_sign_in_page_with_what_went_wrong_and_no_cookie()
    {
        using var browser = Browser();

        using var response = await browser.SendAsync(Page(HttpMethod.Get, $"/?token={new string('0', 64)}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains("not this Codewalkers' token",
            WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_cross_origin_post_is_refused_even_with_the_cookie_and_the_right_token()
    {
        using var browser = Browser();
        var cookie = await SignInAsync(browser);
        using var request = Page(HttpMethod.Post, "/sign-in", cookie);
        request.Headers.TryAddWithoutValidation("Origin", "https://evil.example");
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = app.Token });

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_circuit_from_another_origin_is_refused_even_with_the_cookie()
    {
        using var browser = Browser();
        var cookie = await SignInAsync(browser);
        using var request = Page(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", cookie);
        request.Headers.TryAddWithoutValidation("Origin", "http://localhost:1");

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_api_path_no_service_owns_is_the_apis_404_not_a_page()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private HttpClient Browser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = app.GatewayUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static HttpRequestMessage Page(HttpMethod method, string path, string? cookie = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.ParseAdd("text/html");
        if (cookie is not null) request.Headers.TryAddWithoutValidation("Cookie", cookie);
        return request;
    }

    private async Task<string> SignInAsync(HttpClient browser)
    {
        using var response = await browser.SendAsync(Page(HttpMethod.Get, $"/?token={app.Token}"));
        return response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }
}
