using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Codewalkers.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The AppHost started as <c>./run.sh</c> starts it: the built program with the environment of its launch profile
/// (read from AppHost/Properties/launchSettings.json, so the shipped profile is what is tested), the dashboard on,
/// and a CW_HOME, gateway port and dashboard/OTLP/resource-service ports of its own. Probed from outside, as any
/// other local process or a browser would. Its CW_HOME holds the broker node an earlier version made (with guest).
/// </summary>
public sealed class RunningAppHost : IAsyncLifetime
{
    /// <summary>
    /// Fixed here (the AppHost takes them from configuration) so the tests can make authorised calls too.
    /// </summary>
    public const string OtlpApiKey = "test-otlp-key-0123456789abcdef0123456789abcdef";
    public const string ResourceServiceApiKey = "test-resource-service-key-0123456789abcdef01234567";

    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public string CwHome { get; } = Path.Combine(Path.GetTempPath(), $"cw-ctl-{Guid.NewGuid():N}");
    public Uri DashboardUrl { get; } = LoopbackUrl("localhost");
    public Uri OtlpUrl { get; } = LoopbackUrl("localhost");
    public Uri ResourceServiceUrl { get; } = LoopbackUrl("localhost");
    public Uri GatewayUrl { get; } = LoopbackUrl("127.0.0.1");
    public int Pid => _process?.Id ?? throw new InvalidOperationException("The AppHost has not started.");
    public string Output => string.Join('\n', _output);

    public async Task InitializeAsync()
    {
        // Upgraded, not fresh: the broker node a previous version made here had guest/guest.
        await PreviousVersionBroker.CreateAsync(CwHome);

        var start = new ProcessStartInfo(AppHostProgram())
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = AppHostDirectory(),
        };
        foreach (var (name, value) in LaunchProfileEnvironment()) start.Environment[name] = value;
        start.Environment["ASPNETCORE_URLS"] = DashboardUrl.ToString().TrimEnd('/');
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = OtlpUrl.ToString().TrimEnd('/');
        start.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = ResourceServiceUrl.ToString().TrimEnd('/');
        start.Environment["AppHost__OtlpApiKey"] = OtlpApiKey;
        start.Environment["ASPIRE_DASHBOARD_RESOURCESERVICE_APIKEY"] = ResourceServiceApiKey;
        start.Environment["CW_HOME"] = CwHome;
        start.Environment["Gateway__Port"] =
            GatewayUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = GatewayUrl, Timeout = TimeSpan.FromSeconds(3) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(4))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The AppHost exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if (await client.GetStringAsync("/health") == "Healthy") return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { /* not up yet */ }
            await Task.Delay(1000);
        }
        throw new TimeoutException($"The gateway did not report healthy within 4 minutes:\n{Output}");
    }

    public string ReadHomeFile(params string[] path) => File.ReadAllText(Path.Combine([CwHome, .. path])).Trim();

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            // As Ctrl+C would: the AppHost stops every resource, then exits.
            if (!_process.HasExited) LinuxProcesses.Signal(_process.Id, "TERM");
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try { await _process.WaitForExitAsync(stop.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
            _process.Dispose();
        }
        try { Directory.Delete(CwHome, recursive: true); }
        catch (IOException) { /* a process may still hold a file; the temp dir is cleaned by the OS */ }
    }

    /// <summary>
    /// The environment of the "http" launch profile, as <c>dotnet run --launch-profile http</c> would set it.
    /// </summary>
    private static IEnumerable<(string Name, string Value)> LaunchProfileEnvironment()
    {
        var path = Path.Combine(AppHostDirectory(), "Properties", "launchSettings.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var profile = document.RootElement.GetProperty("profiles").GetProperty("http");
        foreach (var variable in profile.GetProperty("environmentVariables").EnumerateObject())
        {
            yield return (variable.Name, variable.Value.GetString()!);
        }
    }

    /// <summary>The AppHost built in the same configuration as these tests (bin/Release or bin/Debug).</summary>
    internal static string AppHostProgram()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
        var project = AppHostDirectory();
        var program = Path.Combine(project, "bin", configuration, "net10.0", "Codewalkers.AppHost");
        return File.Exists(program)
            ? program
            : throw new FileNotFoundException($"Build the AppHost first: {program} is missing.");
    }

    internal static string AppHostDirectory() =>
        Directory.Exists(Projects.AppHost.ProjectPath)
            ? Projects.AppHost.ProjectPath
            : Path.GetDirectoryName(Projects.AppHost.ProjectPath)!;

    private static Uri LoopbackUrl(string host)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new Uri($"http://{host}:{((IPEndPoint)listener.LocalEndpoint).Port}/");
    }
}

[CollectionDefinition(Name)]
public sealed class RunningAppHostCollection : ICollectionFixture<RunningAppHost>
{
    public const string Name = "Running AppHost";
}
