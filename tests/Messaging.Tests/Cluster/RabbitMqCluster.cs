using Codewalkers.Messaging.Tests.Infrastructure;

namespace Codewalkers.Messaging.Tests.Cluster;

/// <summary>
/// Three real RabbitMQ nodes on this machine joined into one cluster, as docs/deploy.md sets one up on three machines:
/// the second and third node join the first with rabbitmqctl.
/// </summary>
public sealed class RabbitMqCluster : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"cw-rabbitmq-cluster-{Guid.NewGuid():N}");
    private readonly List<RabbitMqBroker> _nodes = [];

    public IReadOnlyList<RabbitMqBroker> Nodes => _nodes;

    public async Task InitializeAsync()
    {
        var home = Path.Combine(_root, "home");
        for (var index = 0; index < 3; index++)
            _nodes.Add(new RabbitMqBroker(Path.Combine(_root, $"node{index}"), home));
        // The first node writes the Erlang cookie the others then read: start it alone.
        await _nodes[0].InitializeAsync();
        await Task.WhenAll(_nodes.Skip(1).Select(node => node.InitializeAsync()));
        foreach (var node in _nodes.Skip(1))
        {
            await node.ControlAsync("stop_app");
            await node.ControlAsync("join_cluster", _nodes[0].NodeName);
            await node.ControlAsync("start_app");
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { /* a temp directory left behind is harmless */ }
        catch (UnauthorizedAccessException) { }
    }
}
