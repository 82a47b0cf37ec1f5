using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Codewalkers.TestSupport;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Codewalkers.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The whole system, started once per test run from the real AppHost: four services, the gateway and a real
/// RabbitMQ broker, with a CW_HOME of its own and a gateway port of its own so it never touches the user's. Agents run
/// the real Claude CLI (the default provider), the real Codex CLI or the real Gemini CLI, each against its fake model
/// API.
/// </summary>
public class CodewalkersApp : IAsyncLifetime
{
    /// <summary>
    /// AppHost settings of a fixture that starts the system otherwise (<see cref="TwoRunnersApp"/>).
    /// </summary>
    protected virtual IEnumerable<string> AppHostSettings => [];

    /// <summary>False: the fixture's tests are skipped in this run, so the system is not started for them.</summary>
    protected virtual bool Wanted => true;

    private DistributedApplication? _app;

    public string CwHome { get; } = Path.Combine(Path.GetTempPath(), $"cw-e2e-{Guid.NewGuid():N}");
    /// <summary>Where tests create the git repositories they register; removed once the system has stopped.</summary>
    public string Repositories { get; } = Directory.CreateTempSubdirectory("cw-e2e-repos-").FullName;
    public Uri GatewayUrl { get; private set; } = null!;
    public string Token { get; private set; } = "";
    /// <summary>
    /// The model every agent talks to: the real Claude CLI, scripted per agent by a marker in its prompt.
    /// </summary>
    public FakeAnthropicApi Model { get; private set; } = null!;
    /// <summary>
    /// The model codex agents talk to: the real Codex CLI, scripted per agent by a marker in its prompt. An initiative
    /// runs its agents on codex by naming it first in its providers; Claude stays the default.
    /// </summary>
    public FakeOpenAiResponsesApi Codex { get; private set; } = null!;
    /// <summary>The model gemini agents talk to (the real Gemini CLI), chosen the same way as codex.</summary>
    public FakeGeminiApi Gemini { get; private set; } = null!;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync()
    {
        if (!Wanted) return;
        var gatewayPort = FreePort();
        Model = await FakeAnthropicApi.StartAsync();
        Codex = await FakeOpenAiResponsesApi.StartAsync();
        // CODEX_HOME reaches every agent's environment; only the Codex CLI reads it, Claude agents ignore it.
        var codexHome = Path.Combine(CwHome, "codex-home");
        Codex.WriteCodexConfig(codexHome);
        // Likewise GEMINI_CLI_HOME (its settings select API-key auth) and the fake's base URL and key.
        Gemini = await FakeGeminiApi.StartAsync();
        var geminiHome = Path.Combine(CwHome, "gemini-home");
        Gemini.WriteGeminiSettings(geminiHome);
        // CW_TEST_DATABASE=postgres runs the whole system on the PostgreSQL server the AppHost starts, as
        // Database__Provider=postgres ./run.sh does.
        string[] arguments = [$"--CW_HOME={CwHome}", $"--Gateway:Port={gatewayPort}"];
        if (TestPostgres.Enabled) arguments = [.. arguments, "--Database:Provider=postgres"];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [.. arguments, .. AppHostSettings]);
        // Every runner of the Agents service: agents, and agents-2, ... with Agents:Replicas.
        foreach (var runner in builder.Resources.OfType<IResourceWithEnvironment>()
            .Where(r => r.Name == "agents" || r.Name.StartsWith("agents-", StringComparison.Ordinal)))
        {
            var agents = builder.CreateResourceBuilder(runner);
            agents.WithEnvironment("Agents__Executables__claude", ClaudeCli.Path)
                .WithEnvironment("Agents__Environment__ANTHROPIC_BASE_URL", Model.BaseUrl)
                .WithEnvironment("Agents__Environment__ANTHROPIC_API_KEY", "test-key")
                .WithEnvironment("Agents__Environment__CLAUDE_CONFIG_DIR", Path.Combine(CwHome, "claude-config"))
                .WithEnvironment("Agents__Executables__codex", CodexCli.Path)
                .WithEnvironment("Agents__Environment__CODEX_HOME", codexHome)
                .WithEnvironment($"Agents__Environment__{FakeOpenAiResponsesApi.KeyVariable}", "test-key")
                .WithEnvironment("Agents__Executables__gemini", GeminiCli.Path)
                .WithEnvironment("Agents__Environment__GEMINI_CLI_HOME", geminiHome)
                .WithEnvironment("Agents__PollInterval", "00:00:00.050")
                .WithEnvironment("Agents__RetryBackoff", "00:00:00.200")
                .WithEnvironment("Agents__HungSignalGrace", "00:00:03")
                // The machine's load comes from every test run sharing it; admission has its own tests (Agents.Tests).
                .WithEnvironment("Agents__Admission__MaxLoadPerCore", "1000");
            foreach (var (name, value) in Gemini.CliEnvironment)
                agents.WithEnvironment($"Agents__Environment__{name}", value);
        }
        // Webhook retries at most 5 s apart (not 5 min), so a receiver that comes back is served within seconds.
        builder.CreateResourceBuilder(
                builder.Resources.OfType<IResourceWithEnvironment>().Single(r => r.Name == "collaboration"))
            .WithEnvironment("Webhooks__MaxBackoff", "00:00:05");
        // The services' console output and the start-up health polling would bury the test results.
        builder.Services.AddLogging(logging => logging
            .AddFilter("Codewalkers.AppHost.Resources", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        _app = await builder.BuildAsync();

        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await _app.StartAsync(startup.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", startup.Token);

        GatewayUrl = _app.GetEndpoint("gateway", "http");
        Token = (await File.ReadAllTextAsync(Path.Combine(CwHome, "token"))).Trim();
    }

    /// <summary>A client for the gateway; with <paramref name="authenticated"/> it carries the API token.</summary>
    public HttpClient CreateClient(bool authenticated = true)
    {
        var client = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (authenticated) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>
    /// Waits until the gateway reports the whole system Healthy: after a test restarted the broker or killed a service,
    /// the services' receive endpoints reconnect one by one (Degraded meanwhile), and a test that registers a project
    /// and spawns an agent at once could see the spawn arrive before the project's registration did.
    /// </summary>
    public async Task SettledAsync()
    {
        using var client = CreateClient(authenticated: false);
        await Eventually.TrueAsync(async () =>
        {
            using var response = await client.GetAsync("/health");
            return await response.Content.ReadAsStringAsync() == "Healthy";
        }, "the system reports Healthy", TimeSpan.FromSeconds(120));
    }

    public Task ExecuteCommandAsync(string resource, string command) =>
        App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command);

    /// <summary>
    /// Diagnostics only: how many outbox rows a service still has to publish, read from its SQLite file.
    /// </summary>
    public async Task<long> PendingOutboxRowsAsync(string service)
    {
        await using DbConnection connection = TestPostgres.Enabled
            ? new NpgsqlConnection(await App.GetConnectionStringAsync($"{service}-db"))
            : new SqliteConnection($"Data Source={Path.Combine(CwHome, "data", $"{service}.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT COUNT(*) FROM outbox_messages WHERE "SentAt" IS NULL""";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (Model is not null) await Model.DisposeAsync();
        if (Codex is not null) await Codex.DisposeAsync();
        if (Gemini is not null) await Gemini.DisposeAsync();
        // As root the AppHost's PostgreSQL keeps its data outside CW_HOME, linked from it.
        var postgresData = new FileInfo(Path.Combine(CwHome, "postgres", "data")).LinkTarget;
        foreach (var directory in (string[])[CwHome, Repositories, .. postgresData is null ? [] : new[] { postgresData }])
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { /* a process may still hold a file; the temp dir is cleaned by the OS */ }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class CodewalkersAppCollection : ICollectionFixture<CodewalkersApp>
{
    public const string Name = "Codewalkers app";
}
