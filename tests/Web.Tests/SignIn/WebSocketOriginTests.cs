using System.Net;
using System.Net.Http.Headers;
using Codewalkers.ServiceDefaults;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Codewalkers.Web.Tests.SignIn;

/// <summary>
/// The circuit's WebSocket, opened by a page on another origin in a browser that holds the sign-in cookie (another
/// local app on localhost:&lt;port&gt; is the same site, so SameSite=Strict still sends the cookie): refused before it
/// reaches the circuit. Found by scripts/prove.sh security.
/// </summary>
public sealed class WebSocketOriginTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("cw-web-ws-").FullName;
    private readonly WebApplicationFactory<Program> _app;

    public WebSocketOriginTests() =>
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
            builder.UseSetting(CodewalkersHome.ConfigurationKey, _home));

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://localhost:3000")]
    public async Task A_signed_in_browsers_WebSocket_from_another_origin_is_refused(string origin)
    {
        var browser = await SignedInBrowserAsync();

        using var response = await browser.SendAsync(Handshake(origin));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_pages_own_origin_passes_the_origin_check()
    {
        var browser = await SignedInBrowserAsync();

        using var response = await browser.SendAsync(Handshake("http://localhost"));

        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpClient> SignedInBrowserAsync()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = (await File.ReadAllTextAsync(Path.Combine(_home, "token"))).Trim();
        using var signIn = await browser.GetAsync($"/?token={token}");
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        return browser;
    }

    /// <summary>The handshake a browser sends to open the circuit without negotiating first.</summary>
    private static HttpRequestMessage Handshake(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/_blazor");
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(new byte[16]));
        request.Headers.Add("Origin", origin);
        return request;
    }

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_home, recursive: true);
    }
}
