using System.Net;
using System.Net.Http.Headers;
using Codewalkers.EndToEnd.Tests.Infrastructure;

namespace Codewalkers.EndToEnd.Tests.ControlPlane;

/// <summary>
/// The Aspire control plane of a running system, probed as another local process or a web page would: the dashboard
/// and its telemetry API, the resource service (which lists every resource's environment and obeys stop/start) and
/// OTLP answer only with a credential and only under a loopback host name; a user signs in with the token.
/// </summary>
[Collection(RunningAppHostCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ControlPlaneTests(RunningAppHost system)
{
    private const string ForeignHost = "evil.example";

    [Theory]
    [InlineData("/api/telemetry/resources")]
    [InlineData("/api/telemetry/logs")]
    [InlineData("/api/telemetry/spans")]
    [InlineData("/api/telemetry/traces")]
    public async Task The_dashboard_telemetry_api_refuses_anonymous_calls(string path)
    {
        using var client = Dashboard();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_sends_an_anonymous_visitor_to_sign_in()
    {
        using var client = Dashboard();

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.IsAbsoluteUri
            ? response.Headers.Location.PathAndQuery
            : response.Headers.Location.OriginalString);
    }

    [Fact]
    public async Task A_user_signs_in_with_the_token_kept_in_CW_HOME_and_sees_the_dashboard()
    {
        var token = system.ReadHomeFile("dashboard-token");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(Path.Combine(system.CwHome, "dashboard-token")));
        using var handler =
            new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var client = Dashboard(handler);

        using var signIn = await client.GetAsync($"/login?t={token}");
        using var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("<html", await home.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_wrong_token_does_not_sign_in()
    {
        using var handler =
            new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var client = Dashboard(handler);

        await client.GetAsync($"/login?t={new string('0', 64)}");
        using var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Fact]
    public async Task The_dashboard_refuses_a_foreign_host_even_after_sign_in()
    {
        using var handler =
            new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var client = Dashboard(handler);
        await client.GetAsync($"/login?t={system.ReadHomeFile("dashboard-token")}");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = ForeignHost;
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ForeignHost)]
    public async Task The_resource_service_refuses_calls_without_its_key(string? host)
    {
        using var response = await GrpcAsync(
            system.ResourceServiceUrl, "/aspire.v1.DashboardService/GetApplicationInformation", host, apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_resource_service_answers_the_dashboard_with_its_key()
    {
        using var response = await GrpcAsync(
            system.ResourceServiceUrl, "/aspire.v1.DashboardService/GetApplicationInformation", null,
            ("x-resource-service-api-key", RunningAppHost.ResourceServiceApiKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0", GrpcStatus(response));
    }

    [Fact]
    public async Task Otlp_refuses_telemetry_without_its_key()
    {
        using var response = await GrpcAsync(
            system.OtlpUrl, "/opentelemetry.proto.collector.logs.v1.LogsService/Export", null, apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Otlp_accepts_telemetry_with_its_key_from_a_loopback_host_only()
    {
        var key = ("x-otlp-api-key", RunningAppHost.OtlpApiKey);
        using var local = await GrpcAsync(
            system.OtlpUrl, "/opentelemetry.proto.collector.logs.v1.LogsService/Export", null, key);
        using var foreign = await GrpcAsync(
            system.OtlpUrl, "/opentelemetry.proto.collector.logs.v1.LogsService/Export", ForeignHost, key);

        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Equal("0", GrpcStatus(local));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }

    private HttpClient Dashboard(HttpClientHandler? handler = null) =>
        new(handler ?? new HttpClientHandler { AllowAutoRedirect = false }, disposeHandler: handler is null)
        {
            BaseAddress = system.DashboardUrl, Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>
    /// A unary gRPC call with an empty message over HTTP/2 without TLS, as the dashboard and the services make.
    /// </summary>
    private static async Task<HttpResponseMessage> GrpcAsync(
        Uri server, string path, string? host, (string Name, string Value)? apiKey)
    {
        using var client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(new byte[5]), // no compression, zero-length message
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (host is not null) request.Headers.Host = host;
        if (apiKey is { } key) request.Headers.Add(key.Name, key.Value);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static string? GrpcStatus(HttpResponseMessage response) =>
        response.TrailingHeaders.TryGetValues("grpc-status", out var values)
        || response.Headers.TryGetValues("grpc-status", out values)
            ? values.First()
            : null;
}
