namespace Codewalkers.Messaging.Tests.Cluster;

/// <summary>
/// A test on a three-node RabbitMQ cluster: it runs with <c>CW_TEST_BROKER_CLUSTER=1</c> and is reported skipped
/// otherwise. Not in CI yet: under load its reconnection to a surviving node is not reliable (docs/deploy.md says what
/// was seen).
/// </summary>
public sealed class BrokerClusterFactAttribute : FactAttribute
{
    public BrokerClusterFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CW_TEST_BROKER_CLUSTER") != "1")
            Skip = "needs CW_TEST_BROKER_CLUSTER=1 (starts a three-node RabbitMQ cluster)";
    }
}
