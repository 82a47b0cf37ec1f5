using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Codewalkers.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A CW_HOME as an earlier version left it: a real RabbitMQ node in <c>$CW_HOME/rabbitmq/mnesia</c>, created with the
/// default guest/guest user, under the node name the AppHost gives this CW_HOME, then stopped.
/// </summary>
public static class PreviousVersionBroker
{
    private const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    public static async Task CreateAsync(string cwHome)
    {
        var root = Path.Combine(cwHome, "rabbitmq");
        var home = Path.Combine(root, "home");
        foreach (var dir in new[] { root, home, Path.Combine(root, "mnesia"), Path.Combine(root, "log") })
            Directory.CreateDirectory(dir);
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(root, "old.conf"),
            $"listeners.tcp.default = 127.0.0.1:{port}\nloopback_users = none\nlog.file = false\n");
        await File.WriteAllTextAsync(Path.Combine(root, "old_plugins"), "[].");
        await File.WriteAllTextAsync(Path.Combine(root, "old-env.conf"), "");

        var start = new ProcessStartInfo(Server)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true
        };
        start.Environment["RABBITMQ_NODENAME"] =
            $"cw-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cwHome)))[..10]}@localhost";
        start.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        start.Environment["RABBITMQ_NODE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_DIST_PORT"] =
            FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(root, "old.conf");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(root, "old_plugins");
        start.Environment["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(root, "old-env.conf");
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(root, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(root, "log");
        start.Environment["HOME"] = home;
        start.Environment["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        using var broker = Process.Start(start)!;
        broker.OutputDataReceived += (_, _) => { };
        broker.ErrorDataReceived += (_, _) => { };
        broker.BeginOutputReadLine();
        broker.BeginErrorReadLine();
        try
        {
            var waited = Stopwatch.StartNew();
            while (!await AcceptsAsync(port))
            {
                if (broker.HasExited || waited.Elapsed > TimeSpan.FromMinutes(2))
                    throw new InvalidOperationException("The previous-version broker did not start.");
                await Task.Delay(250);
            }
            // The precondition: this node really lets guest/guest in.
            var guest = new RabbitMQ.Client.ConnectionFactory
            {
                HostName = "127.0.0.1", Port = port, UserName = "guest", Password = "guest"
            };
            await using var connection = await guest.CreateConnectionAsync();
        }
        finally
        {
            if (!broker.HasExited) LinuxProcesses.Signal(broker.Id, "TERM");
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await broker.WaitForExitAsync(stop.Token);
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException) { return false; }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
