using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Codewalkers.Benchmarks;

/// <summary>
/// One built service run as a real process, with a CW_HOME of its own (deleted afterwards), a free port and an
/// unreachable broker (what is measured needs none), reached over HTTP with the API token it wrote at start.
/// Linked into each benchmark that measures a whole service, so they start and stop it the same way.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    public string Home { get; }

    /// <summary>The service's process id, for reading what the kernel says of it (memory).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Authenticated with the service's API token; no timeout, since benchmarks hold streams open.</summary>
    public HttpClient Client { get; }

    private ServiceProcess(string home, Process process, HttpClient client) =>
        (Home, _process, Client) = (home, process, client);

    /// <summary>
    /// Starts <c>services/&lt;service&gt;</c> from its build output and waits for its <c>/alive</c>.
    /// <paramref name="prepare"/> writes files into the new CW_HOME first and names extra environment variables.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(
        string service, Func<string, IReadOnlyDictionary<string, string>>? prepare = null,
        SocketsHttpHandler? handler = null)
    {
        var home = Directory.CreateTempSubdirectory("cw-bench-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(BuildDirectory(service), $"Codewalkers.{service}.dll"));
        start.Environment["CW_HOME"] = home;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__messaging"] = $"amqp://guest:guest@127.0.0.1:{FreePort()}/";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in prepare?.Invoke(home) ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var probe = new HttpClient();
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            if (process.HasExited) throw new InvalidOperationException($"The {service} service exited at start.");
            try
            {
                if ((await probe.GetAsync($"http://127.0.0.1:{port}/alive")).StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(60)) { }
        }
        var client = new HttpClient(handler ?? new SocketsHttpHandler())
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(home, "token")).Trim());
        return new ServiceProcess(home, process, client);
    }

    /// <summary>The service's SQLite file, for seeding or reading what the API does not show.</summary>
    public string DatabasePath(string service) => Path.Combine(Home, "data", $"{service}.db");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited) { _process.Kill(); await _process.WaitForExitAsync(); }
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Home, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static string BuildDirectory(string service)
    {
        var configuration =
            AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Codewalkers.sln"))) dir = dir.Parent;
        return dir is null
            ? AppContext.BaseDirectory
            : Path.Combine(dir.FullName, "services", service, "bin", configuration, "net10.0");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
