using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace Codewalkers.Proofs.Faults;

/// <summary>
/// Messages put on the broker by hand, as anyone who can reach it could: a real event published again with its own
/// message id (a duplicate, as a redelivery would be), and a body that is not JSON (poison) on the same exchange.
/// Connects with the local broker's port and password from <c>$CW_HOME/rabbitmq</c>, as the AppHost gives them.
/// </summary>
public sealed class DuplicateAndPoison(RunningSystem system)
{
    private const string ContentType = "application/vnd.masstransit+json";

    public sealed record Message(string Id, string Type, string Body);

    /// <summary>Publishes <paramref name="message"/> again, in the envelope MassTransit reads, with its message id.</summary>
    public async Task PublishAgainAsync(Message message)
    {
        var (exchange, urn) = Names(message.Type);
        var envelope = new Dictionary<string, object?>
        {
            ["messageId"] = message.Id.ToLowerInvariant(),
            ["messageType"] = new[] { urn },
            ["message"] = JsonDocument.Parse(message.Body).RootElement,
            ["sentTime"] = DateTimeOffset.UtcNow,
            ["headers"] = new Dictionary<string, object>(),
        };
        await PublishAsync(exchange, message.Id.ToLowerInvariant(), JsonSerializer.SerializeToUtf8Bytes(envelope));
    }

    /// <summary>A body no consumer can read, on the exchange of <paramref name="type"/>.</summary>
    public async Task PublishPoisonAsync(string type) =>
        await PublishAsync(Names(type).Exchange, Guid.NewGuid().ToString(), Encoding.UTF8.GetBytes("{\"message\": {not json"));

    /// <summary>How many messages wait in a consumer's <c>_error</c> queue, or null when there is no such queue.</summary>
    public async Task<uint?> ErrorQueueDepthAsync(string consumer)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(ErrorQueueOf(consumer))).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }
    }

    /// <summary>
    /// A consumer's queue as the services name it (MassTransit's kebab-case formatter with the service as prefix, no
    /// namespace, "Consumer" dropped) and its error queue: "collaboration:Ns.AgentFeedConsumer" ->
    /// "collaboration-agent-feed_error".
    /// </summary>
    public static string ErrorQueueOf(string consumer)
    {
        var (service, type) = (consumer.Split(':')[0], consumer.Split(':')[1].Split('.').Last());
        if (type.EndsWith("Consumer", StringComparison.Ordinal)) type = type[..^"Consumer".Length];
        var kebab = string.Concat(type.Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}"
            : char.ToLowerInvariant(c).ToString()));
        return $"{service}-{kebab}_error";
    }

    /// <summary>MassTransit's exchange and message urn of an assembly-qualified type name.</summary>
    private static (string Exchange, string Urn) Names(string assemblyQualified)
    {
        var fullName = assemblyQualified.Split(',')[0].Trim();
        var dot = fullName.LastIndexOf('.');
        var (ns, name) = (fullName[..dot], fullName[(dot + 1)..]);
        return ($"{ns}:{name}", $"urn:message:{ns}:{name}");
    }

    private async Task PublishAsync(string exchange, string messageId, byte[] body)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var properties = new BasicProperties
        {
            ContentType = ContentType, MessageId = messageId, DeliveryMode = DeliveryModes.Persistent,
        };
        await channel.BasicPublishAsync(exchange, "", mandatory: false, properties, body);
    }

    private async Task<IConnection> ConnectAsync()
    {
        var root = Path.Combine(system.CwHome, "rabbitmq");
        var listener = File.ReadLines(Path.Combine(root, "rabbitmq.conf"))
            .Select(line => line.Trim()).First(line => line.StartsWith("listeners.tcp.default", StringComparison.Ordinal));
        var port = int.Parse(listener[(listener.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var factory = new ConnectionFactory
        {
            HostName = "127.0.0.1", Port = port, UserName = "codewalkers",
            Password = File.ReadAllText(Path.Combine(root, "password")).Trim(),
        };
        return await factory.CreateConnectionAsync();
    }
}
