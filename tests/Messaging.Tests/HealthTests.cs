using System.Diagnostics;
using Codewalkers.Messaging.Tests.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Codewalkers.Messaging.Tests;

/// <summary>
/// What /health reports about the broker and about messages nobody could handle, with a real RabbitMQ.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class HealthTests(RabbitMqBroker broker, ITestOutputHelper output)
{
    [Fact]
    public async Task A_frozen_broker_makes_health_non_healthy_within_seconds_and_healthy_again_once_it_answers()
    {
        await using var service = await MessagingTestHost.StartAsync(broker, output, new Dictionary<string, string?>
        {
            ["Messaging:BrokerHeartbeat"] = "00:00:02",
        });
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync(service)).Status);

        var frozen = Stopwatch.StartNew();
        broker.Freeze();
        HealthReport report;
        try
        {
            // MassTransit reports its endpoints Degraded while it reconnects (a stopped broker: Unhealthy).
            report = await WaitForAsync(
                service, status => status != HealthStatus.Healthy, TimeSpan.FromSeconds(20));
            output.WriteLine(
                $"{report.Status} {frozen.Elapsed.TotalSeconds:F1} s after the freeze: {Describe(report)}");
        }
        finally
        {
            broker.Thaw();
        }
        Assert.NotEqual(HealthStatus.Healthy, report.Entries["masstransit-bus"].Status);

        var thawed = Stopwatch.StartNew();
        await WaitForAsync(service, status => status == HealthStatus.Healthy, TimeSpan.FromSeconds(60));
        output.WriteLine($"Healthy again {thawed.Elapsed.TotalSeconds:F1} s after the thaw");
    }

    [Fact]
    public async Task A_stopped_broker_makes_health_non_healthy_within_seconds()
    {
        await using var service = await MessagingTestHost.StartAsync(broker, output);
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync(service)).Status);

        var stopped = Stopwatch.StartNew();
        await broker.StopAsync();
        try
        {
            var report = await WaitForAsync(
                service, status => status != HealthStatus.Healthy, TimeSpan.FromSeconds(20));
            output.WriteLine($"{report.Status} {stopped.Elapsed.TotalSeconds:F1} s after the stop: {Describe(report)}");
        }
        finally
        {
            await broker.StartAsync();
        }
        await WaitForAsync(service, status => status == HealthStatus.Healthy, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_message_that_fails_every_retry_makes_health_degraded_naming_its_type_and_count()
    {
        await using var service = await MessagingTestHost.StartAsync(broker, output, new Dictionary<string, string?>
        {
            ["Messaging:ConsumeRetryLimit"] = "1",
            ["Messaging:ConsumeRetryMaxInterval"] = "00:00:00.100",
        });
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync(service)).Entries[DeadLetterHealthCheck.Name].Status);

        await service.Bus.Publish(new PoisonThingHappened("poison-1"));
        await service.Bus.Publish(new PoisonThingHappened("poison-2"));

        var report = await WaitForAsync(
            service,
            _ => service.Services.GetRequiredService<DeadLetters>().Count == 2,
            TimeSpan.FromSeconds(30));
        var deadLetters = report.Entries[DeadLetterHealthCheck.Name];
        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Equal(HealthStatus.Degraded, deadLetters.Status);
        Assert.Contains("2 message(s)", deadLetters.Description);
        Assert.Contains(nameof(PoisonThingHappened), deadLetters.Description);
        // Counted once per message, not once per attempt.
        await Task.Delay(500);
        Assert.Equal(2, service.Services.GetRequiredService<DeadLetters>().Count);
    }

    [Fact]
    public async Task A_body_no_consumer_can_read_makes_health_degraded_naming_its_queue()
    {
        await using var service = await MessagingTestHost.StartAsync(broker, output);
        var queue = new KebabCaseEndpointNameFormatter(service.ServiceName, includeNamespace: false)
            .Consumer<ThingHappenedConsumer>();

        // Straight onto the service's queue, as a stranger or a broken sender would: not JSON, no envelope.
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = broker.AmqpUri };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.BasicPublishAsync("", queue, mandatory: true, new RabbitMQ.Client.BasicProperties(),
                "this is not a message"u8.ToArray());
        }

        var report = await WaitForAsync(
            service,
            _ => service.Services.GetRequiredService<DeadLetters>().Count == 1,
            TimeSpan.FromSeconds(30));
        var deadLetters = report.Entries[DeadLetterHealthCheck.Name];
        Assert.Equal(HealthStatus.Degraded, deadLetters.Status);
        Assert.Contains($"unreadable message on {queue} (1)", deadLetters.Description);
    }

    [Fact]
    public async Task MassTransit_usage_telemetry_is_off()
    {
        await using var service = await MessagingTestHost.StartAsync(broker, output);

        Assert.False(service.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }

    private static Task<HealthReport> HealthAsync(MessagingTestHost service) =>
        service.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    private static async Task<HealthReport> WaitForAsync(
        MessagingTestHost service, Func<HealthStatus, bool> until, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var report = await HealthAsync(service);
            if (until(report.Status)) return report;
            if (waited.Elapsed > timeout)
                Assert.Fail($"Not within {timeout.TotalSeconds} s; health is {Describe(report)}");
            await Task.Delay(200);
        }
    }

    private static string Describe(HealthReport report)
    {
        var entries = report.Entries.Select(e => $"{e.Key}: {e.Value.Status} {e.Value.Description}");
        return $"{report.Status} ({string.Join("; ", entries)})";
    }
}
