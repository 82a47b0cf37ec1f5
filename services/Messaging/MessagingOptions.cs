namespace Codewalkers.Messaging;

public sealed class MessagingOptions
{
    /// <summary>
    /// How often the dispatcher looks for rows when nothing woke it (a safety net, not the normal path).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int BatchSize { get; set; } = 200;
    /// <summary>Longest wait between attempts while the broker is unreachable.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How long one publish may wait for the broker's confirm before it counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>
    /// Sent outbox rows and inbox records older than this are pruned. Must exceed any redelivery window.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
    /// <summary>
    /// Retries of a failing consume (exponential, from 100 ms up to
    /// <see cref="ConsumeRetryMaxInterval"/>) before the message is dead-lettered.
    /// </summary>
    public int ConsumeRetryLimit { get; set; } = 8;
    public TimeSpan ConsumeRetryMaxInterval { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>
    /// RabbitMQ heartbeat: a broker that stops answering is noticed (and /health says so) after about two of these.
    /// </summary>
    public TimeSpan BrokerHeartbeat { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Declare every service queue as a RabbitMQ quorum queue (replicated over a cluster's nodes by Raft), so a
    /// message the broker confirmed survives the loss of a node. Off by default: a single local broker gains nothing,
    /// and RabbitMQ refuses to redeclare an existing classic queue as quorum (switch on a fresh broker or cluster).
    /// </summary>
    public bool QuorumQueues { get; set; }
    /// <summary>
    /// Other nodes of the broker's cluster (host:port each; the connection string names the first). A service whose
    /// node goes away reconnects to the next one.
    /// </summary>
    public string[] ClusterNodes { get; set; } = [];
}
