using Codewalkers.Messaging.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Codewalkers.Messaging;

public static class MessagingServiceCollectionExtensions
{
    public const string ConnectionStringName = "messaging";

    /// <summary>
    /// Wires MassTransit over RabbitMQ (connection string "messaging", publisher confirms on) together with the
    /// outbox dispatcher and retention pruner of <typeparamref name="TDbContext"/>.
    /// Queue names are prefixed with <paramref name="serviceName"/> so two services never compete for one queue.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TDbContext>(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
        where TDbContext : DbContext
    {
        builder.Services.AddOutboxAndInbox<TDbContext>(builder.Configuration);
        var settings = builder.Configuration.GetSection("Messaging").Get<MessagingOptions>() ?? new MessagingOptions();
        builder.Services.AddDeadLetterTracking();
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            // MassTransit 8.4+ reports usage to its vendor and probes cloud metadata addresses;
            // nothing leaves this machine.
            bus.DisableUsageTelemetry();
            configureConsumers?.Invoke(bus);
            if (settings.QuorumQueues) bus.AddConfigureEndpointsCallback(DeclareQuorumQueue);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName)
                    ?? throw new InvalidOperationException(
                        $"ConnectionStrings:{ConnectionStringName} is not set; "
                        + "the AppHost passes it to every service.");
                rabbit.Host(new Uri(connectionString), host =>
                {
                    host.PublisherConfirmation = true;
                    // A frozen broker keeps its sockets open: only missed heartbeats tell, so /health turns Unhealthy
                    // within a few heartbeats instead of minutes.
                    host.Heartbeat(settings.BrokerHeartbeat);
                    if (settings.ClusterNodes.Length > 0)
                        host.UseCluster(cluster =>
                        {
                            cluster.Node(HostAndPort(connectionString));
                            foreach (var node in settings.ClusterNodes) cluster.Node(node);
                        });
                });
                rabbit.UseMessageRetry(retry => retry.Exponential(
                    settings.ConsumeRetryLimit,
                    TimeSpan.FromMilliseconds(100),
                    settings.ConsumeRetryMaxInterval,
                    TimeSpan.FromMilliseconds(200)));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    private static void DeclareQuorumQueue(
        IRegistrationContext context, string queueName, IReceiveEndpointConfigurator endpoint)
    {
        // Temporary (auto-delete) endpoints cannot be quorum queues; every service queue is durable.
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.SetQuorumQueue();
    }

    private static string HostAndPort(string connectionString)
    {
        var uri = new Uri(connectionString);
        return uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
    }

    /// <summary>
    /// Counts messages that failed every retry or could not be read (<see cref="DeadLetters"/>) and reports them on
    /// /health.
    /// The bus's own health check (registered by MassTransit, tags "ready" and "masstransit") needs the health check
    /// service registered too.
    /// </summary>
    public static IServiceCollection AddDeadLetterTracking(this IServiceCollection services)
    {
        services.TryAddSingleton<MessagingMetrics>();
        services.TryAddSingleton<DeadLetters>();
        services.AddConsumeObserver(provider => provider.GetRequiredService<DeadLetters>());
        services.AddReceiveObserver(provider => provider.GetRequiredService<DeadLetters>());
        services.AddHealthChecks().AddCheck<DeadLetterHealthCheck>(DeadLetterHealthCheck.Name);
        return services;
    }

    /// <summary>
    /// The outbox dispatcher, inbox support and pruner, without choosing a transport (tests use the in-memory harness).
    /// </summary>
    public static IServiceCollection AddOutboxAndInbox<TDbContext>(
        this IServiceCollection services, IConfiguration? configuration = null)
        where TDbContext : DbContext
    {
        if (configuration is not null) services.Configure<MessagingOptions>(configuration.GetSection("Messaging"));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<MessagingMetrics>();
        services.TryAddSingleton<PendingEventsInterceptor>();
        services.TryAddSingleton<OutboxCommitInterceptor>();
        // In this order: the entities' events become outbox rows before the commit interceptor looks for new rows.
        services.ConfigureDbContext<TDbContext>((provider, options) => options.AddInterceptors(
            provider.GetRequiredService<PendingEventsInterceptor>(),
            provider.GetRequiredService<OutboxCommitInterceptor>()));
        services.AddHostedService<OutboxDispatcher<TDbContext>>();
        services.AddHostedService<RetentionPruner<TDbContext>>();
        return services;
    }
}
