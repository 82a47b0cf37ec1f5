using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Codewalkers.AppHost.Broker;

/// <summary>
/// A RabbitMQ server run from the locally installed executable, with its own port and data under $CW_HOME.
/// </summary>
internal sealed class LocalRabbitMqResource(
    string name, string command, string workingDirectory, string connectionString)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression { get; } = ReferenceExpression.Create($"{connectionString}");
}

internal static class LocalRabbitMq
{
    /// <summary>Skips the /usr/sbin wrapper, which switches to the rabbitmq user when run as root.</summary>
    private static readonly string[] KnownLocations =
    [
        "/usr/lib/rabbitmq/bin/rabbitmq-server",
        "/opt/homebrew/sbin/rabbitmq-server",
        "/usr/local/sbin/rabbitmq-server",
    ];

    public static string? FindServer(IConfiguration configuration)
    {
        var configured = configuration["Messaging:RabbitMqServer"];
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? configured : null;
        return KnownLocations.FirstOrDefault(File.Exists)
            ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Select(dir => Path.Combine(dir, "rabbitmq-server")).FirstOrDefault(File.Exists);
    }

    public static IResourceBuilder<LocalRabbitMqResource> AddLocalRabbitMq(
        this IDistributedApplicationBuilder builder, string name, string server, string cwHome)
    {
        var port = builder.Configuration.GetValue<int?>("Messaging:Port") ?? LocalServerPorts.Free();
        var distPort = LocalServerPorts.Free();
        var root = Path.Combine(cwHome, "rabbitmq");
        var home = Path.Combine(root, "home");
        var mnesia = Path.Combine(root, "mnesia");
        PrivateFiles.EnsurePrivateDirectory(root);
        var credentials = BrokerCredentials.LoadOrCreate(root, mnesia);
        foreach (var dir in new[] { home, mnesia, Path.Combine(root, "log") }) Directory.CreateDirectory(dir);

        // default_user/default_pass create our user on a fresh node and keep guest from being created at all.
        var configFile = Path.Combine(root, "rabbitmq.conf");
        LocalSecret.WritePrivateFile(configFile, $"""
            listeners.tcp.default = 127.0.0.1:{port}
            default_user = {credentials.User}
            default_pass = {credentials.Password}
            loopback_users = none
            log.console = true
            log.console.level = warning
            log.file = false
            """);
        var pluginsFile = Path.Combine(root, "enabled_plugins");
        File.WriteAllText(pluginsFile, "[].");
        var envFile = Path.Combine(root, "rabbitmq-env.conf");
        File.WriteAllText(envFile, "");

        // One node name per CW_HOME keeps the data dir (and its durable queues) across restarts, and lets a test
        // instance with its own CW_HOME run beside the user's.
        var homeHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cwHome)));
        var nodeName = $"cw-{homeHash[..10]}@localhost";
        var connectionString = $"amqp://{credentials.User}:{credentials.Password}@127.0.0.1:{port}";
        var healthKey = $"{name}-tcp";
        builder.Services.AddHealthChecks()
            .AddAsyncCheck(healthKey,
                cancellationToken => LocalServerPorts.AcceptsTcpAsync("RabbitMQ", port, cancellationToken));

        var portText = port.ToString(CultureInfo.InvariantCulture);
        var distPortText = distPort.ToString(CultureInfo.InvariantCulture);
        return builder.AddResource(new LocalRabbitMqResource(name, server, root, connectionString))
            .WithEnvironment("RABBITMQ_NODENAME", nodeName)
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_NODE_PORT", portText)
            .WithEnvironment("RABBITMQ_DIST_PORT", distPortText)
            .WithEnvironment("RABBITMQ_CONFIG_FILE", configFile)
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", pluginsFile)
            .WithEnvironment("RABBITMQ_CONF_ENV_FILE", envFile)
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(root, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(root, "log"))
            .WithEnvironment("HOME", home)
            // Keep Erlang distribution and epmd on loopback too: nothing of the broker listens on other interfaces.
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}")
            .WithEnvironment("ERL_EPMD_ADDRESS", "127.0.0.1")
            .WithHealthCheck(healthKey)
            .WithIconName("Mail");
    }
}
