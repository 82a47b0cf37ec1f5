using System.Net;
using System.Text.Json;
using Codewalkers.ServiceDefaults;
using Codewalkers.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Codewalkers.Web.Tests.Settings;

/// <summary>
/// /api/docs in the real web app: Scalar's page and each service's document, fetched from the service and served
/// behind the sign-in cookie with the gateway as its server.
/// </summary>
public sealed class ApiReferenceTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("cw-web-docs-").FullName;
    private readonly FakeGateway _services = new FakeGateway()
        .On("GET", "/openapi/v1.json", new { openapi = "3.1.1", servers = new[] { new { url = "http://127.0.0.1:5123" } }, paths = new { } });
    private readonly WebApplicationFactory<Program> _app;

    public ApiReferenceTests()
    {
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting(CodewalkersHome.ConfigurationKey, _home);
            builder.ConfigureTestServices(services =>
                services.AddHttpClient("openapi").ConfigurePrimaryHttpMessageHandler(() => _services));
        });
    }

    [Fact]
    public async Task A_signed_in_browser_gets_the_reference_and_each_services_document_pointing_at_the_gateway()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/docs/openapi/errands.json")).StatusCode);

        var token = await File.ReadAllTextAsync(Path.Combine(_home, "token"));
        await browser.GetAsync($"/?token={token.Trim()}");
        var page = await browser.GetAsync("/api/docs/");
        var document = await browser.GetAsync("/api/docs/openapi/errands.json");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        foreach (var service in new[] { "planning", "agents", "collaboration", "errands" })
            Assert.Contains($"\"api/docs/openapi/{service}.json\"", html);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        using var json = JsonDocument.Parse(await document.Content.ReadAsStringAsync());
        Assert.Equal("http://localhost", json.RootElement.GetProperty("servers")[0].GetProperty("url").GetString());
        Assert.Contains(_services.Requests, r => r.PathAndQuery == "/openapi/v1.json");
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/api/docs/openapi/gateway.json")).StatusCode);
    }

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_home, recursive: true);
    }
}
