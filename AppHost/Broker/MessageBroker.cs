using Microsoft.Extensions.Configuration;

namespace Codewalkers.AppHost.Broker;

/// <summary>
/// The broker every service talks to, and the resource the AppHost started for it (none for an external broker), which
/// the services wait for and the supervisor restarts.
/// </summary>
internal sealed record MessageBroker(
    IResourceBuilder<IResourceWithConnectionString> Connection,
    IResourceBuilder<IResource>? Server);

internal static class MessageBrokerExtensions
{
    public const string Name = "messaging";

    /// <summary>
    /// Chooses the broker: a connection string (always, when publishing a manifest) the user gave -> a RabbitMQ container when a container engine answers ->
    /// the local rabbitmq-server executable -> stop with instructions.
    /// </summary>
    public static MessageBroker AddMessageBroker(this IDistributedApplicationBuilder builder, string cwHome)
    {
        // A deployment names its broker cluster where it runs: a secret connection string in the manifest.
        if (builder.ExecutionContext.IsPublishMode
            || !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(Name)))
        {
            return new MessageBroker(builder.AddConnectionString(Name), null);
        }

        if (builder.Configuration["Messaging:UseContainer"] != "false" && ContainerRuntime.IsHealthy())
        {
            var container = builder.AddRabbitMQ(Name).WithDataVolume("codewalkers-rabbitmq");
            return new MessageBroker(container, container);
        }

        var server = LocalRabbitMq.FindServer(builder.Configuration) ?? throw new BrokerUnavailableException();
        var local = builder.AddLocalRabbitMq(Name, server, cwHome);
        return new MessageBroker(local, local);
    }
}

internal sealed class BrokerUnavailableException() : Exception("""
    Codewalkers needs a RabbitMQ broker and found none: no ConnectionStrings:messaging was given, no container engine
    answered (docker/podman), and no rabbitmq-server executable is installed. Any one of these fixes it:
      - install RabbitMQ locally:  sudo apt-get install -y rabbitmq-server   (./run.sh does this for you)
      - start Docker or Podman, and Codewalkers runs RabbitMQ in a container
      - use an existing broker:   ConnectionStrings__messaging=amqp://user:pass@host:5672 ./run.sh
      - point at a rabbitmq-server binary elsewhere:  Messaging__RabbitMqServer=/path/to/rabbitmq-server
    """);
