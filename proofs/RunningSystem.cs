using Codewalkers.EndToEnd.Tests.Infrastructure;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;

namespace Codewalkers.Proofs;

/// <summary>
/// The whole system as <c>./run.sh</c> starts it: the built AppHost with its launch profile's environment, so the
/// dashboard runs too, on a CW_HOME, temp directory, gateway port and dashboard/OTLP/resource-service ports of its own.
/// Nothing of the user's own system (~/.codewalkers, port 5300, 18888) is touched. Probed from outside only.
/// </summary>
public sealed class RunningSystem : IAsyncDisposable
{
    /// <summary>The four services and the web app, by resource name and program name.</summary>
    public static readonly IReadOnlyList<(string Resource, string Program)> Programs =
    [
        ("planning", "Codewalkers.Planning"), ("agents", "Codewalkers.Agents"),
        ("collaboration", "Codewalkers.Collaboration"), ("errands", "Codewalkers.Errands"), ("web", "Codewalkers.Web"),
        ("gateway", "Codewalkers.Gateway"),
    ];

    private readonly ConcurrentQueue<string> _output = new();
    private readonly Process _process;

    private RunningSystem(string root, Process process, Uri gateway, Uri dashboard, Uri otlp, string telemetryKey)
    {
        Root = root;
        _process = process;
        GatewayUrl = gateway;
        DashboardUrl = dashboard;
        OtlpUrl = otlp;
        TelemetryApiKey = telemetryKey;
    }

    /// <summary>Everything this run writes: CW_HOME, the temp directory of the AppHost and DCP, the AppHost's output.</summary>
    public string Root { get; }
    public string CwHome => Path.Combine(Root, "home");
    public string TempDirectory => Path.Combine(Root, "tmp");
    public Uri GatewayUrl { get; }
    public Uri DashboardUrl { get; }
    public Uri OtlpUrl { get; }
    public string TelemetryApiKey { get; }
    public int Pid => _process.Id;
    public string Output => string.Join('\n', _output);
    public string ApiToken => File.ReadAllText(Path.Combine(CwHome, "token")).Trim();
    public string DashboardToken => File.ReadAllText(Path.Combine(CwHome, "dashboard-token")).Trim();

    /// <summary>
    /// Starts the AppHost and returns once the gateway reports Healthy.
    /// </summary>
    /// <param name="repository">The checkout whose built AppHost is started.</param>
    /// <param name="timeout">How long the gateway may take to report healthy.</param>
    /// <param name="root">
    /// The run's directory; null: a new temp directory. Given again, the system starts on the CW_HOME it left (the
    /// perf suite's warm start).
    /// </param>
    /// <param name="environment">
    /// Given the run's directory, settings added to the AppHost's environment, which DCP passes on to every resource
    /// it starts (services, gateway, web app, broker): the faults suite points the Agents service at the real Claude
    /// CLI and a fake Messages API this way, the perf suite at stand-in agent providers.
    /// </param>
    public static async Task<RunningSystem> StartAsync(
        string repository, TimeSpan timeout, string? root = null,
        Func<string, IReadOnlyDictionary<string, string>>? environment = null)
    {
        root ??= Directory.CreateTempSubdirectory("cw-prove-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "tmp"));
        var appHost = Path.Combine(repository, "AppHost");
        var program = Path.Combine(appHost, "bin", "Release", "net10.0", "Codewalkers.AppHost");
        if (!File.Exists(program)) throw new FileNotFoundException($"Build the AppHost first: {program} is missing.");

        var gateway = new Uri($"http://127.0.0.1:{FreePort()}/");
        var dashboard = new Uri($"http://localhost:{FreePort()}/");
        var otlp = new Uri($"http://localhost:{FreePort()}/");
        var telemetryKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = appHost,
        };
        foreach (var (name, value) in LaunchProfileEnvironment(appHost)) start.Environment[name] = value;
        start.Environment["ASPNETCORE_URLS"] = dashboard.ToString().TrimEnd('/');
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = otlp.ToString().TrimEnd('/');
        start.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{FreePort()}";
        // The dashboard's telemetry API, read by the secrets check (logs, traces and spans as the dashboard has them).
        start.Environment["AppHost__DashboardApiKey"] = telemetryKey;
        start.Environment["CW_HOME"] = Path.Combine(root, "home");
        start.Environment["TMPDIR"] = Path.Combine(root, "tmp");
        start.Environment["Gateway__Port"] = gateway.Port.ToString(CultureInfo.InvariantCulture);
        if (environment is not null)
            foreach (var (name, value) in environment(root)) start.Environment[name] = value;

        var process = Process.Start(start)!;
        var system = new RunningSystem(root, process, gateway, dashboard, otlp, telemetryKey);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) system._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) system._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(3) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The AppHost exited with {process.ExitCode}:\n{system.Output}");
            try
            {
                if (await client.GetStringAsync("/health") == "Healthy") return system;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { /* not up yet */ }
            await Task.Delay(1000);
        }
        await system.DisposeAsync();
        throw new TimeoutException(
            $"The gateway did not report healthy within {timeout}; files kept in {root}. The AppHost said:\n{system.Output}");
    }

    /// <summary>
    /// Every process the AppHost started and itself. DCP detaches from the AppHost (its parent is init) and watches it
    /// with <c>--monitor &lt;pid&gt;</c>; the services, web app, gateway, dashboard and broker are DCP's descendants.
    /// </summary>
    public IReadOnlySet<int> Processes() =>
        LinuxProcesses.WithDescendants([Pid, .. LinuxProcesses.WithCommandLineContaining($"--monitor {Pid} ")]);

    /// <summary>
    /// The port a program listens on itself (not DCP's proxy in front of it), found from its listening sockets.
    /// </summary>
    public Uri OwnPort(string program)
    {
        var pids = Processes().Where(pid => LinuxProcesses.ProgramOf(pid) == program).ToHashSet();
        var listener = LinuxProcesses.Listeners().FirstOrDefault(l => pids.Contains(l.Pid))
            ?? throw new InvalidOperationException($"{program} listens on no port.");
        var host = listener.Address.AddressFamily == AddressFamily.InterNetworkV6 ? "[::1]" : "127.0.0.1";
        return new Uri($"http://{host}:{listener.Port}/");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // As Ctrl+C would: the AppHost stops every resource, then exits.
            LinuxProcesses.Signal(_process.Id, "TERM");
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try { await _process.WaitForExitAsync(stop.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }

    /// <summary>The environment of the "http" launch profile, as <c>dotnet run --launch-profile http</c> sets it.</summary>
    private static IEnumerable<(string Name, string Value)> LaunchProfileEnvironment(string appHost)
    {
        using var document = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(appHost, "Properties", "launchSettings.json")));
        var profile = document.RootElement.GetProperty("profiles").GetProperty("http");
        foreach (var variable in profile.GetProperty("environmentVariables").EnumerateObject())
            yield return (variable.Name, variable.Value.GetString()!);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
