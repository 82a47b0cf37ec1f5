using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Codewalkers.Messaging.Tests.Infrastructure;

/// <summary>
/// A real RabbitMQ node for one test collection: its own process, port, node name and data directory, so it never
/// meets another test run's broker. <see cref="StopAsync"/> and <see cref="StartAsync"/> restart it on the same port
/// and data directory, so durable queues and their messages survive, as they would in a real outage.
/// </summary>
public sealed class RabbitMqBroker : IAsyncLifetime
{
    /// <summary>
    /// The Debian package's server script (the /usr/sbin wrapper would switch to the rabbitmq user as root).
    /// </summary>
    public static readonly string ServerBinary =
        Environment.GetEnvironmentVariable("CW_RABBITMQ_SERVER") is { Length: > 0 } path
            ? path
            : "/usr/lib/rabbitmq/bin/rabbitmq-server";
    // About 5-10 s on an idle machine; generous because CI may run other test projects (and their brokers) alongside.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _root;
    private readonly string _home;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public RabbitMqBroker() : this(Path.Combine(Path.GetTempPath(), $"cw-rabbitmq-{Guid.NewGuid():N}"), home: null)
    {
    }

    /// <summary>
    /// A node whose data lives under <paramref name="root"/>. Nodes of one cluster share <paramref name="home"/>:
    /// Erlang keeps there the cookie that lets them talk to each other (and rabbitmqctl to them).
    /// </summary>
    internal RabbitMqBroker(string root, string? home)
    {
        _root = root;
        _home = home ?? Path.Combine(root, "home");
    }

    public string NodeName { get; } = $"cwtest{Environment.ProcessId}x{Guid.NewGuid():N}"[..24] + "@localhost";

    public int Port { get; private set; }
    private int DistributionPort { get; set; }

    /// <summary>amqp URI of the broker, as the AppHost passes it in ConnectionStrings:messaging.</summary>
    public Uri AmqpUri => new($"amqp://guest:guest@127.0.0.1:{Port}");

    public bool IsRunning => _process is { HasExited: false };

    async Task IAsyncLifetime.InitializeAsync() => await InitializeAsync();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ServerBinary))
        {
            throw new InvalidOperationException(
                $"RabbitMQ is not installed: {ServerBinary} does not exist. "
                + "These tests need a real broker; install it with "
                + "`apt-get update && DEBIAN_FRONTEND=noninteractive "
                + "apt-get install -y --no-install-recommends rabbitmq-server` "
                + "(CI does this in its setup script).");
        }

        Port = FreePort();
        DistributionPort = FreePort();
        foreach (var dir in new[] { "mnesia", "log" }) Directory.CreateDirectory(Path.Combine(_root, dir));
        Directory.CreateDirectory(_home);
        await File.WriteAllTextAsync(ConfigFile, $"""
            listeners.tcp.default = 127.0.0.1:{Port}
            loopback_users = none
            log.console = true
            log.file = false
            """);
        await File.WriteAllTextAsync(PluginsFile, "[].");
        await File.WriteAllTextAsync(EnvFile, "");

        // Never leave a broker behind, even when the test process is torn down without disposing its fixtures.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        await StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        try
        {
            if (IsRunning) await StopAsync();
        }
        catch
        {
            // Falls through to the kill below.
        }
        Kill();
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { /* a temp directory left behind is harmless */ }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Starts the node (again) and returns once it accepts TCP connections on <see cref="Port"/>.</summary>
    public async Task StartAsync()
    {
        if (IsRunning) throw new InvalidOperationException("The broker is already running.");
        _output.Clear();

        var start = new ProcessStartInfo(ServerBinary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = _root,
        };
        start.Environment["RABBITMQ_NODENAME"] = NodeName;
        start.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        start.Environment["RABBITMQ_NODE_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_DIST_PORT"] =
            DistributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_CONFIG_FILE"] = ConfigFile;
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = PluginsFile;
        start.Environment["RABBITMQ_CONF_ENV_FILE"] = EnvFile;
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_root, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_root, "log");
        start.Environment["HOME"] = _home;
        // The epmd this node may start outlives it: bind it to loopback, as the AppHost's broker does.
        start.Environment["ERL_EPMD_ADDRESS"] = "127.0.0.1";

        var process = new Process { StartInfo = start };
        // The node logs to the console: the pipes must be drained or the broker blocks once they fill up.
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
                throw new InvalidOperationException(
                    $"rabbitmq-server exited with code {process.ExitCode} while starting.{Output()}");
            if (await AcceptsConnectionsAsync()) return;
            await Task.Delay(100);
        }

        Kill();
        throw new TimeoutException(
            $"rabbitmq-server did not accept connections on port {Port} "
            + $"within {StartTimeout.TotalSeconds} s.{Output()}");
    }

    /// <summary>Stops the node the way an operator would (SIGTERM) and waits until it has exited.</summary>
    public async Task StopAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The broker was never started.");
        if (process.HasExited) return;

        if (SendSignal(process.Id, SigTerm) != 0)
            throw new InvalidOperationException(
                $"Could not signal rabbitmq-server (pid {process.Id}): errno {Marshal.GetLastWin32Error()}.");

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException(
                $"rabbitmq-server did not stop within {StopTimeout.TotalSeconds} s of SIGTERM.{Output()}");
        }

        // The port must be free before a restart can bind it again.
        var closed = Stopwatch.StartNew();
        while (await AcceptsConnectionsAsync() && closed.Elapsed < StopTimeout) await Task.Delay(100);
    }

    /// <summary>
    /// Freezes the node (SIGSTOP to it and every process it started): its sockets stay open but nothing answers, as
    /// with a hung broker. <see cref="Thaw"/> lets it run again.
    /// </summary>
    public void Freeze() => SignalTree(SigStop);

    public void Thaw() => SignalTree(SigCont);

    private void SignalTree(int signal)
    {
        var process = _process ?? throw new InvalidOperationException("The broker was never started.");
        foreach (var pid in ProcessTree(process.Id))
            if (SendSignal(pid, signal) != 0)
                throw new InvalidOperationException(
                    $"Could not signal process {pid} of rabbitmq-server: errno {Marshal.GetLastWin32Error()}.");
    }

    /// <summary>
    /// The process and its descendants, from /proc (the server script may run the Erlang VM as a child).
    /// </summary>
    private static List<int> ProcessTree(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException) { /* exited meanwhile */ }
        }
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
            tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        return tree;
    }

    /// <summary>Ends the node at once (SIGKILL to it and its children), as a machine that dies would.</summary>
    public void Kill()
    {
        var process = _process;
        if (process is null) return;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { /* already gone */ }
        process.Dispose();
        _process = null;
    }

    /// <summary>Runs rabbitmqctl against this node (e.g. to join it to a cluster) and returns what it printed.</summary>
    public async Task<string> ControlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(Path.GetDirectoryName(ServerBinary)!, "rabbitmqctl"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["-n", NodeName, .. arguments]) start.ArgumentList.Add(argument);
        start.Environment["HOME"] = _home;
        start.Environment["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"rabbitmqctl {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        return await stdout;
    }

    private void OnProcessExit(object? sender, EventArgs e) => Kill();

    private async Task<bool> AcceptsConnectionsAsync()
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 200) _output.TryDequeue(out _);
    }

    private string Output() =>
        _output.IsEmpty
            ? ""
            : $"{Environment.NewLine}Last broker output:{Environment.NewLine}"
                + string.Join(Environment.NewLine, _output);

    private string ConfigFile => Path.Combine(_root, "rabbitmq.conf");
    private string PluginsFile => Path.Combine(_root, "enabled_plugins");
    private string EnvFile => Path.Combine(_root, "rabbitmq-env.conf");

    private const int SigTerm = 15;
    private const int SigStop = 19;
    private const int SigCont = 18;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}

[CollectionDefinition(Name)]
public sealed class RabbitMqCollection : ICollectionFixture<RabbitMqBroker>
{
    public const string Name = "RabbitMQ broker";
}
