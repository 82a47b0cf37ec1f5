using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Codewalkers.AppHost;

/// <summary>
/// Ports of the servers the AppHost runs as local executables (RabbitMQ, PostgreSQL): a free loopback port for each,
/// and a health check that asks only whether the server accepts connections there.
/// </summary>
internal static class LocalServerPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<HealthCheckResult> AcceptsTcpAsync(
        string server, int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException ex)
        {
            return HealthCheckResult.Unhealthy($"{server} is not accepting connections on 127.0.0.1:{port}", ex);
        }
    }
}
