using System.Net;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.Gateway;

namespace Codewalkers.EndToEnd.Tests.Security;

[Collection(CodewalkersAppCollection.Name)]
public sealed class GatewaySecurityTests(CodewalkersApp app)
{
    public static TheoryData<string> PublicPaths()
    {
        var data = new TheoryData<string>();
        foreach (var (prefix, _) in RouteTable.Routes)
        {
            data.Add(prefix);
            data.Add($"{prefix}/anything");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PublicPaths))]
    public async Task Every_api_route_answers_401_without_the_token(string path)
    {
        using var client = app.CreateClient(authenticated: false);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/projects")]
    [InlineData("/api/errands/projects")]
    public async Task Api_routes_answer_200_with_the_token(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_token_is_refused()
    {
        using var client = app.CreateClient(authenticated: false);
        client.DefaultRequestHeaders.Authorization = new("Bearer", new string('0', app.Token.Length));

        using var response = await client.GetAsync("/api/projects");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_foreign_host_header_is_refused_even_with_the_token()
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/projects");
        request.Headers.Host = "evil.example";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Health_answers_without_the_token_and_reports_the_system_healthy()
    {
        using var client = app.CreateClient(authenticated: false);

        // /health reports the broker's endpoints Degraded (or Unhealthy) while they reconnect after a test that
        // restarted the broker: wait for the system to settle, then read it as a user would, without the token.
        await app.SettledAsync();
        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_token_file_is_readable_by_its_owner_only()
    {
        var mode = File.GetUnixFileMode(Path.Combine(app.CwHome, "token"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }
}
