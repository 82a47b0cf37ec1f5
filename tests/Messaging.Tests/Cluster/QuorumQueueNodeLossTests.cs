using Codewalkers.Messaging.Outbox;
using Codewalkers.Messaging.Tests.Infrastructure;
using Codewalkers.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Codewalkers.Messaging.Tests.Cluster;

/// <summary>
/// A service on a three-node RabbitMQ cluster with quorum queues loses the node it is connected to mid-stream:
/// it reconnects to another node and every event still arrives, each applied once.
/// </summary>
public sealed class QuorumQueueNodeLossTests(RabbitMqCluster cluster, ITestOutputHelper output)
    : IClassFixture<RabbitMqCluster>
{
    private const int Events = 200;
    private const int KilledAfter = 60;

    [BrokerClusterFact]
    public async Task Events_survive_the_loss_of_the_node_the_service_is_connected_to()
    {
        var nodes = cluster.Nodes;
        await using var service = await MessagingTestHost.StartAsync(nodes[0].AmqpUri, output, new Dictionary<string, string?>
        {
            ["Messaging:QuorumQueues"] = "true",
            ["Messaging:ClusterNodes:0"] = $"127.0.0.1:{nodes[1].Port}",
            ["Messaging:ClusterNodes:1"] = $"127.0.0.1:{nodes[2].Port}",
        });

        var queues = await nodes[1].ControlAsync("list_queues", "name", "type", "--quiet");
        output.WriteLine(queues);
        Assert.Contains(queues.Split('\n'), line => line.StartsWith(service.ServiceName, StringComparison.Ordinal)
            && line.TrimEnd().EndsWith("quorum", StringComparison.Ordinal));

        for (var number = 1; number <= Events; number++)
        {
            if (number == KilledAfter) nodes[0].Kill();
            await using var scope = service.CreateScope();
            var db = scope.Db();
            db.Publish(new ThingHappened("node-loss", number));
            await db.SaveChangesAsync();
        }

        await Eventually.TrueAsync(
            async () =>
            {
                await using var db = service.Database.Open();
                return await db.Effects.CountAsync(e => e.Tag == "node-loss") >= Events
                    && await db.Set<OutboxMessage>().AllAsync(m => m.SentAt != null);
            },
            TimeSpan.FromSeconds(90),
            async () =>
            {
                await using var db = service.Database.Open();
                return $"{await db.Effects.CountAsync(e => e.Tag == "node-loss")} of {Events} applied, "
                    + $"{await db.Set<OutboxMessage>().CountAsync(m => m.SentAt == null)} outbox rows unsent";
            });

        await using var check = service.Database.Open();
        var applied = await check.Effects.Where(e => e.Tag == "node-loss").Select(e => e.Number).ToListAsync();
        Assert.Equal(Enumerable.Range(1, Events), applied.Order());
    }
}
