using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Codewalkers.EndToEnd.Tests.ControlPlane;

/// <summary>
/// The local broker of a running system, seen by another process on the machine: it knows only the user generated
/// for this CW_HOME (even where an earlier version's node had guest), and nothing the system started listens beyond
/// loopback.
/// </summary>
[Collection(RunningAppHostCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class LocalBrokerTests(RunningAppHost system)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task A_connection_with_guest_guest_is_refused()
    {
        var factory = new ConnectionFactory
        {
            HostName = "127.0.0.1", Port = BrokerPort(), UserName = "guest", Password = "guest"
        };

        var refused = await Assert.ThrowsAsync<BrokerUnreachableException>(() => factory.CreateConnectionAsync());

        Assert.IsType<AuthenticationFailureException>(refused.InnerException);
    }

    [Fact]
    public void The_node_an_earlier_version_made_with_guest_was_reset_once()
    {
        Assert.Contains("made before the broker had its own credentials (guest/guest)", system.Output);
    }

    [Fact]
    public async Task The_generated_user_kept_private_in_CW_HOME_can_publish()
    {
        var password = system.ReadHomeFile("rabbitmq", "password");
        var factory = new ConnectionFactory
        {
            HostName = "127.0.0.1", Port = BrokerPort(), UserName = "codewalkers", Password = password
        };

        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.BasicPublishAsync("", "no-such-queue", "hello"u8.ToArray());

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(system.CwHome, "rabbitmq", "password")));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(system.CwHome, "rabbitmq", "rabbitmq.conf")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.Combine(system.CwHome, "rabbitmq")));
    }

    [Fact]
    public async Task The_services_still_exchange_events_through_the_secured_broker()
    {
        using var client = new HttpClient { BaseAddress = system.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", system.ReadHomeFile("token"));
        var name = Api.Unique("secured");

        var project = await client.RegisterProjectAsync(name, $"https://example.invalid/{name}.git");

        var projected = await Eventually.GetAsync(
            client.ErrandProjectsAsync, list => list.Any(p => p.Id == project.Id), TimeSpan.FromSeconds(30));
        Assert.Single(projected, p => p.Id == project.Id);
    }

    [Fact]
    public void Nothing_the_system_started_listens_beyond_loopback()
    {
        // DCP detaches from the AppHost, and names it in its "--monitor PID" argument; epmd daemonizes.
        var roots = LinuxProcesses
            .WithCommandLineContaining($"--monitor {system.Pid.ToString(CultureInfo.InvariantCulture)}")
            .Append(system.Pid);
        var ours = LinuxProcesses.WithDescendants(roots);
        var listeners = LinuxProcesses.Listeners().Where(l => ours.Contains(l.Pid) || l.Port == 4369).ToList();

        Assert.Contains(listeners, l => l.Port == system.GatewayUrl.Port);
        Assert.Contains(listeners, l => l.Port == BrokerPort());
        Assert.Contains(listeners, l => l.Port == 4369);
        var exposed = listeners.Where(l => !IPAddress.IsLoopback(l.Address)).ToList();
        Assert.True(exposed.Count == 0, $"Listening beyond loopback: {string.Join("; ", exposed)}");
    }

    private int BrokerPort()
    {
        var match = ListenerLine().Match(system.ReadHomeFile("rabbitmq", "rabbitmq.conf"));
        Assert.True(match.Success, "rabbitmq.conf names no loopback listener");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"listeners\.tcp\.default = 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListenerLine();
}
