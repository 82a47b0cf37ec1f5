using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Codewalkers.Agents.Tests.Infrastructure;

/// <summary>
/// The Agents service as a real process (<c>dotnet Codewalkers.Agents.dll</c>) with its own CW_HOME, so a test can
/// kill it with SIGKILL and start it again on the same data. Its broker address points nowhere: the outbox keeps its
/// rows, and everything observable here goes through HTTP and the database. With <c>CW_TEST_DATABASE=postgres</c> its
/// state is a PostgreSQL database, one per CW_HOME like the SQLite file: kept across its restarts, and shared by the
/// processes started on one home (runners).
/// </summary>
public sealed class AgentsServiceProcess : IAsyncDisposable
{
    private readonly string _home;
    private readonly string _apiUrl;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly int _port = FreePort();
    private Process? _process;
    private int _starts;
    private bool _released;

    /// <summary>The service's PostgreSQL database, when the run is on PostgreSQL; else null (its SQLite file).</summary>
    public string? PostgresConnectionString { get; }

    /// <summary>The service on <paramref name="home"/>, its agents talking to <paramref name="fakeApiUrl"/>, with
    /// <paramref name="settings"/> as extra environment (e.g. <c>Agents__RunnerId</c>) applied last.</summary>
    public AgentsServiceProcess(string home, string fakeApiUrl, IReadOnlyDictionary<string, string>? settings = null)
    {
        (_home, _apiUrl, _settings) = (home, fakeApiUrl, settings ?? new Dictionary<string, string>());
        PostgresConnectionString = TestPostgres.Enabled ? PostgresPerHome.Take(home) : null;
    }

    /// <summary>
    /// The service's database, opened, on either provider: for what the API does not show. Names in statements are
    /// quoted (PostgreSQL's are case-sensitive) and parameters named <c>@name</c>, which both accept.
    /// </summary>
    public DbConnection OpenDatabase()
    {
        DbConnection connection = PostgresConnectionString is { } postgres
            ? new NpgsqlConnection(postgres)
            : new SqliteConnection($"Data Source={new CodewalkersHome(_home).DatabasePath("agents")}");
        connection.Open();
        return connection;
    }

    public string BaseUrl => $"http://127.0.0.1:{_port}";

    private string Name => _settings.TryGetValue("Agents__RunnerId", out var runner) ? runner : "agents";

    public async Task StartAsync()
    {
        var dll = Path.Combine(ServiceOutputDirectory(), "Codewalkers.Agents.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.Environment["CW_HOME"] = _home;
        start.Environment["ASPNETCORE_URLS"] = BaseUrl;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__messaging"] = $"amqp://guest:guest@127.0.0.1:{FreePort()}/";
        start.Environment["Agents__Executables__claude"] = ClaudeCli.Path;
        start.Environment["Agents__Environment__ANTHROPIC_BASE_URL"] = _apiUrl;
        start.Environment["Agents__Environment__ANTHROPIC_API_KEY"] = "test-key";
        start.Environment["Agents__Environment__CLAUDE_CONFIG_DIR"] = Path.Combine(_home, "claude-config");
        start.Environment["Agents__PollInterval"] = "00:00:00.050";
        // The machine's load comes from every test run sharing it; admission has its own tests (AdmissionTests).
        start.Environment["Agents__Admission__MaxLoadPerCore"] = "1000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        if (PostgresConnectionString is { } postgres)
        {
            start.Environment["Database__Provider"] = "postgres";
            start.Environment["ConnectionStrings__agents"] = postgres;
        }
        foreach (var (key, value) in _settings) start.Environment[key] = value;
        _process = Process.Start(start)!;
        var log = Path.Combine(_home, $"service-{Name}-{++_starts}.log");
        _ = CopyAsync(_process.StandardOutput, log);
        _ = CopyAsync(_process.StandardError, log + ".err");

        using var http = new HttpClient();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                Assert.Fail($"The Agents service exited at start (code {_process.ExitCode}); see {log}.err");
            try
            {
                if ((await http.GetAsync($"{BaseUrl}/alive")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
                Assert.Fail($"The Agents service did not answer within 60 s; see {log}");
            await Task.Delay(200);
        }
    }

    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(_home, "token")).Trim());
        return client;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, like a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        if (PostgresConnectionString is not null && !_released)
        {
            _released = true;
            await PostgresPerHome.ReleaseAsync(_home);
        }
    }

    private static async Task CopyAsync(StreamReader reader, string path)
    {
        await using var file = File.AppendText(path);
        while (await reader.ReadLineAsync() is { } line) await file.WriteLineAsync(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// services/Agents/bin/&lt;configuration&gt;/net10.0, built with the same configuration as these tests.
    /// </summary>
    private static string ServiceOutputDirectory()
    {
        var testDir = AppContext.BaseDirectory;
        var configuration = testDir.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}")
            ? "Release"
            : "Debug";
        var dir = new DirectoryInfo(testDir);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Codewalkers.sln"))) dir = dir.Parent;
        if (dir is null) return testDir; // outside the repository: the copy next to the tests
        return Path.Combine(dir.FullName, "services", "Agents", "bin", configuration, "net10.0");
    }
}
