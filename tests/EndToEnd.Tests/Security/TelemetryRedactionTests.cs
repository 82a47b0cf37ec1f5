extern alias gateway;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Redaction;
using Codewalkers.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codewalkers.EndToEnd.Tests.Security;

/// <summary>
/// The API token must never reach the dashboard: the real gateway runs in memory exporting its logs, traces and
/// metrics over OTLP to a local receiver (as it does to the dashboard), and every log line is captured the way the
/// console shows it. Requests then carry the real token in the query string, where it does not belong.
/// </summary>
public sealed class TelemetryRedactionTests
{
    [Fact]
    public async Task A_token_in_the_query_string_or_the_header_appears_in_no_exported_log_trace_or_metric()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var home = Directory.CreateTempSubdirectory("cw-redaction-").FullName;
        var logs = new CapturedLogs();
        try
        {
            string token;
            await using (var gateway = new RedactionGateway(home, collector.Url, logs))
            {
                _ = gateway.Server; // starts it: the token file is written at start
                token = (await File.ReadAllTextAsync(Path.Combine(home, "token"))).Trim();
                using var anonymous = gateway.CreateClient();
                using var authorized = gateway.CreateClient();
                authorized.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

                using (var refused = await anonymous.GetAsync($"/api/projects?token={token}"))
                    Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
                using (var refused = await anonymous.GetAsync($"/api/initiatives?access_token={token}&x=1"))
                    Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
                // Proxied: the downstream request (YARP's log and the HttpClient span) carries the query too.
                using (var proxied = await authorized.GetAsync($"/api/projects?token={token}"))
                    Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
                // A destination that refuses connections: YARP logs its error with the URL.
                using (var failed = await authorized.GetAsync($"/api/agents?access_token={token}"))
                    Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
                using (var health = await authorized.GetAsync($"/health?token={token}")) { }
                // The exporters batch: wait while the gateway runs until both signals describing these requests arrived
                // (a busy machine can make the flush at disposal too late), then disposing flushes the rest.
                await Eventually.TrueAsync(() => Task.FromResult(
                        collector.Payloads.Any(p => p.Signal == "logs")
                        && collector.Payloads.Any(p => p.Signal == "traces" && p.Contains("/api/projects"))),
                    "the gateway's logs and traces reach the collector", TimeSpan.FromSeconds(60));
            } // disposing flushes the exporters

            var exported = collector.Payloads;
            Assert.Contains(exported, p => p.Signal == "logs");
            Assert.Contains(exported, p => p.Signal == "traces");
            // Not vacuous: the exports describe these requests.
            Assert.Contains(exported, p => p.Signal == "traces" && p.Contains("/api/projects"));
            // The request is still logged, with its path: only the query is gone.
            Assert.Contains(logs.Lines, line => line.Contains("/api/projects?[redacted]", StringComparison.Ordinal));

            var leaks = exported.SelectMany(p => p.Around(token)).ToList();
            Assert.True(leaks.Count == 0, $"The token was exported {leaks.Count} times:{Environment.NewLine}"
                + string.Join(Environment.NewLine, leaks));
            var logged = logs.Lines.Where(line => line.Contains(token, StringComparison.Ordinal)).ToList();
            Assert.True(logged.Count == 0,
                $"The token was logged:{Environment.NewLine}{string.Join(Environment.NewLine, logged)}");
        }
        finally
        {
            try { Directory.Delete(home, recursive: true); } catch (IOException) { }
        }
    }

    [Theory]
    [InlineData("GET http://localhost/api/x?token=abc&y=1 - 401", "GET http://localhost/api/x?[redacted] - 401")]
    [InlineData("Proxying to http://127.0.0.1:5/api/x?access_token=abc HTTP/2",
        "Proxying to http://127.0.0.1:5/api/x?[redacted] HTTP/2")]
    [InlineData("?token=abc", "?[redacted]")]
    [InlineData("path /api/agents/1/stream?since=3 done", "path /api/agents/1/stream?[redacted] done")]
    [InlineData("Authorization: Bearer 0123456789abcdef0123", "Authorization: Bearer [redacted]")]
    [InlineData("Why? Because. Is it done ?", "Why? Because. Is it done ?")]
    [InlineData("Basic setup of the project", "Basic setup of the project")]
    [InlineData("HTTP/1.1 GET /api/projects - 200", "HTTP/1.1 GET /api/projects - 200")]
    public void Query_strings_and_credentials_are_redacted_and_prose_is_left_alone(string text, string expected) =>
        Assert.Equal(expected, SecretRedactor.Generic.Redact(text));

    [Fact]
    public void The_token_itself_is_redacted_wherever_it_appears() =>
        Assert.Equal("agent a-[redacted]-b failed",
            new SecretRedactor("s3cret-token-value").Redact("agent a-s3cret-token-value-b failed"));

    /// <summary>
    /// The gateway as the AppHost runs it, telemetry on, with planning at the collector and agents at a closed port.
    /// </summary>
    private sealed class RedactionGateway(string home, string collectorUrl, CapturedLogs logs)
        : WebApplicationFactory<gateway::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting(CodewalkersHome.ConfigurationKey, home);
            builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", collectorUrl);
            builder.UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            builder.UseSetting("OTEL_SERVICE_NAME", "gateway");
            builder.UseSetting("services:planning:http:0", collectorUrl);
            builder.UseSetting("services:agents:http:0", $"http://127.0.0.1:{ClosedPort()}");
            builder.UseSetting("services:errands:http:0", collectorUrl);
            builder.UseSetting("services:collaboration:http:0", collectorUrl);
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        }

        private static int ClosedPort()
        {
            using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    /// <summary>Every log line as a console would print it: message, scopes and exception.</summary>
    private sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<string> _lines = new();
        private IExternalScopeProvider? _scopes;

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose() { }

        private sealed class Logger(CapturedLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(
                LogLevel logLevel, EventId eventId, TState state, Exception? exception,
                Func<TState, Exception?, string> formatter)
            {
                var line = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)} {exception}");
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                    foreach (var (key, value) in values) line.Append($" {key}={value}");
                owner._scopes?.ForEachScope((scope, builder) => builder.Append($" => {scope}"), line);
                owner._lines.Enqueue(line.ToString());
            }
        }
    }

    /// <summary>
    /// An OTLP/HTTP receiver that keeps every payload; any other request is answered as a downstream service would.
    /// </summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<Payload> _payloads = new();

        private OtlpCollector(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";
        public IReadOnlyList<Payload> Payloads => [.. _payloads];

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var collector = new OtlpCollector(app);
            app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                collector._payloads.Enqueue(new Payload(signal, body.ToArray()));
                return Results.Ok();
            });
            app.MapFallback(() => Results.Json(Array.Empty<object>()));
            await app.StartAsync();
            collector.Url = app.Services.GetRequiredService<IServer>()
                .Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return collector;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    /// <summary>
    /// One OTLP export; protobuf keeps strings as UTF-8, so the text search sees every attribute and body.
    /// </summary>
    private sealed record Payload(string Signal, byte[] Bytes)
    {
        public string Text => Encoding.UTF8.GetString(Bytes);
        public bool Contains(string text) => Text.Contains(text, StringComparison.Ordinal);

        /// <summary>
        /// Where <paramref name="text"/> occurs: the printable text around it, to tell which attribute leaked.
        /// </summary>
        public IEnumerable<string> Around(string text)
        {
            var printable = new string([.. Text.Select(c => char.IsControl(c) || c == '\uFFFD' ? ' ' : c)]);
            for (var at = printable.IndexOf(text, StringComparison.Ordinal);
                 at >= 0;
                 at = printable.IndexOf(text, at + text.Length, StringComparison.Ordinal))
            {
                var start = Math.Max(0, at - 160);
                yield return $"{Signal}: ...{printable[start..Math.Min(printable.Length, at + text.Length + 40)]}...";
            }
        }
    }
}
