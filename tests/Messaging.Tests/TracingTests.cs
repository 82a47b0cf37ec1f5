using System.Diagnostics;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Messaging.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Codewalkers.Messaging.Tests;

[Collection(RabbitMqCollection.Name)]
public sealed class TracingTests(RabbitMqBroker broker, ITestOutputHelper output)
{
    [Fact]
    public async Task The_consumer_runs_in_the_trace_of_the_request_that_wrote_the_outbox_row()
    {
        // What OpenTelemetry does in a service: listen to every source and record every activity.
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        await using var service = await MessagingTestHost.StartAsync(broker, output);

        string requestTraceId;
        using (var request = new Activity("POST /api/things").Start())
        {
            requestTraceId = request.TraceId.ToHexString();
            await using var scope = service.CreateScope();
            var db = scope.Db();
            db.Things.Add(new Thing { Name = "traced" });
            db.Publish(new ThingHappened("traced", 1));
            await db.SaveChangesAsync();
        }

        // The request is over before the dispatcher publishes: only the stored traceparent can link them.
        await Eventually.TrueAsync(
            async () =>
            {
                await using var db = service.Database.Open();
                return await db.Effects.AnyAsync(e => e.Tag == "traced");
            },
            TimeSpan.FromSeconds(30),
            () => Task.FromResult("the traced message was never consumed"));

        Assert.Equal(requestTraceId, service.Deliveries.TraceIdOf("traced", 1));
    }
}
