extern alias gateway;

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Codewalkers.Gateway;
using Codewalkers.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codewalkers.EndToEnd.Tests.Resilience;

/// <summary>
/// The real gateway in memory in front of services that misbehave the way dead ones do: one accepts connections and
/// never answers (a frozen process, or an address that still accepts while the process is down), one refuses them.
/// </summary>
public sealed class GatewayResilienceTests : IAsyncLifetime
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    private readonly SilentListener _frozen = new();
    private FakeService _service = null!;
    private GatewayFactory _gateway = null!;

    public async Task InitializeAsync()
    {
        _service = await FakeService.StartAsync();
        _gateway = new GatewayFactory(new()
        {
            ["planning"] = _frozen.Url,
            ["errands"] = $"http://127.0.0.1:{ClosedPort()}",
            ["agents"] = _service.Url,
            ["collaboration"] = _service.Url,
        }, RequestTimeout);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _service.DisposeAsync();
        _frozen.Dispose();
    }

    [Fact]
    public async Task A_request_to_a_service_that_never_answers_is_a_504_problem_within_seconds()
    {
        using var client = _gateway.CreateAuthorizedClient();
        var waited = Stopwatch.StartNew();

        using var response = await client.GetAsync("/api/projects");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.InRange(waited.Elapsed,
            RequestTimeout - TimeSpan.FromMilliseconds(500), RequestTimeout + TimeSpan.FromSeconds(5));
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("planning", problem!.Title);
    }

    [Fact]
    public async Task A_request_to_a_stopped_service_is_a_502_problem_at_once()
    {
        using var client = _gateway.CreateAuthorizedClient();
        var waited = Stopwatch.StartNew();

        using var response = await client.GetAsync("/api/errands/projects");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), $"took {waited.Elapsed}");
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("errands", problem!.Title);
    }

    [Fact]
    public async Task An_agent_output_stream_may_stay_quiet_longer_than_the_request_timeout()
    {
        using var client = _gateway.CreateAuthorizedClient();

        using var response =
            await client.GetAsync("/api/agents/a1/output", HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("data: first\n\ndata: after a quiet spell\n\n", body);
    }

    [Fact]
    public void Only_the_streaming_routes_keep_the_long_idle_timeout()
    {
        var clusters = RouteTable.BuildClusters();

        Assert.All(RouteTable.Services, service =>
            Assert.Equal(RouteTable.DefaultRequestTimeout,
                clusters.Single(c => c.ClusterId == service).HttpRequest!.ActivityTimeout));
        Assert.True(RouteTable.DefaultRequestTimeout <= TimeSpan.FromMinutes(1));
        var streaming = RouteTable.BuildRoutes()
            .Where(r => r.ClusterId!.EndsWith("-streaming", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(["/api/agents/{id}/output", "/api/conversations/stream", "/api/events"],
            streaming.Select(r => r.Match.Path));
        Assert.All(["agents-streaming", "collaboration-streaming"], id => Assert.Equal(RouteTable.StreamIdleTimeout,
            clusters.Single(c => c.ClusterId == id).HttpRequest!.ActivityTimeout));
    }

    [Fact]
    public async Task The_gateway_reports_a_degraded_service_as_degraded_with_its_reasons()
    {
        await using var gateway =
            new GatewayFactory(
                RouteTable.Services.Append(RouteTable.WebApp).ToDictionary(s => s, _ => _service.Url), RequestTimeout);
        using var client = gateway.CreateClient();
        _service.Health = (StatusCodes.Status200OK, "Healthy");
        Assert.Equal("Healthy", await client.GetStringAsync("/health"));

        _service.Health =
            (StatusCodes.Status200OK, "Degraded\nmasstransit-bus: Degraded - Degraded Endpoints: agents-commands");
        using (var degraded = await client.GetAsync("/health"))
        {
            var body = await degraded.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
            Assert.StartsWith("Degraded\n", body);
            Assert.Contains("agents: Degraded - agents is Degraded: "
                + "masstransit-bus: Degraded - Degraded Endpoints: agents-commands", body);
        }

        _service.Health = (StatusCodes.Status503ServiceUnavailable, "Unhealthy\ndatabase: Unhealthy");
        using var unhealthy = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
        Assert.StartsWith("Unhealthy\n", await unhealthy.Content.ReadAsStringAsync());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class GatewayFactory(Dictionary<string, string> services, TimeSpan requestTimeout)
        : WebApplicationFactory<gateway::Program>
    {
        private readonly string _home = Directory.CreateTempSubdirectory("cw-gateway-").FullName;

        public HttpClient CreateAuthorizedClient()
        {
            var client = CreateClient();
            client.Timeout = TimeSpan.FromSeconds(30);
            client.DefaultRequestHeaders.Authorization =
                new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(_home, "token")).Trim());
            return client;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting(CodewalkersHome.ConfigurationKey, _home);
            builder.UseSetting("Gateway:RequestTimeout", requestTimeout.ToString());
            foreach (var (service, url) in services) builder.UseSetting($"services:{service}:http:0", url);
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Accepts connections and reads requests, but never answers.</summary>
    private sealed class SilentListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _held = [];
        private readonly CancellationTokenSource _stop = new();

        public SilentListener()
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient client;
                    try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                    catch (OperationCanceledException) { return; }
                    catch (SocketException) { return; }
                    lock (_held) _held.Add(client);
                }
            });
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_held) _held.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// A service whose /health says what the test sets, with an SSE stream that goes quiet for a while.
    /// </summary>
    private sealed class FakeService : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeService(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";
        public (int Status, string Body) Health { get; set; } = (StatusCodes.Status200OK, "Healthy");

        public static async Task<FakeService> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var service = new FakeService(app);
            app.MapGet("/health", (HttpContext http) =>
            {
                http.Response.StatusCode = service.Health.Status;
                return http.Response.WriteAsync(service.Health.Body);
            });
            app.MapGet("/api/agents/{id}/output", async (HttpContext http) =>
            {
                http.Response.ContentType = "text/event-stream";
                await http.Response.WriteAsync("data: first\n\n");
                await http.Response.Body.FlushAsync();
                await Task.Delay(RequestTimeout * 2);
                await http.Response.WriteAsync("data: after a quiet spell\n\n");
            });
            await app.StartAsync();
            service.Url = app.Services.GetRequiredService<IServer>()
                .Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return service;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
