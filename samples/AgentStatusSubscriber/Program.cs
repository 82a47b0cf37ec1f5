using System.Runtime.InteropServices;
using Codewalkers.Contracts.Agents;
using Codewalkers.Samples.AgentStatusSubscriber;
using MassTransit;

// Subscribes to AgentStatusChanged on the Codewalkers broker and prints one line per status change, until Ctrl+C.
// MassTransit binds this program's own queue to the event's exchange (Codewalkers.Contracts.Agents:AgentStatusChanged),
// so it gets a copy of every change beside the services that consume it; see docs/events.md.

Uri broker;
try { broker = BrokerAddress.Resolve(args); }
catch (Exception e) when (e is InvalidOperationException or IOException or UriFormatException)
{
    Console.Error.WriteLine($"agent-status-subscriber: {e.Message}");
    return 2;
}
// Temporary by default: the queue goes away with the program, so nothing piles up while it is not running. Give a
// name (--queue my-subscriber) for a durable queue that keeps what was published while the program was stopped.
var queueIndex = Array.IndexOf(args, "--queue");
var queue = queueIndex >= 0 && queueIndex + 1 < args.Length ? args[queueIndex + 1] : null;

var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
{
    rabbit.Host(broker);
    void Subscribe(IRabbitMqReceiveEndpointConfigurator endpoint) =>
        endpoint.Handler<AgentStatusChanged>(context =>
        {
            Console.Out.WriteLine(StatusLine.For(context.Message));
            Console.Out.Flush();
            return Task.CompletedTask;
        });
    if (queue is null) rabbit.ReceiveEndpoint(new TemporaryEndpointDefinition(), Subscribe);
    else rabbit.ReceiveEndpoint(queue, Subscribe);
});

// Ctrl+C (SIGINT) and SIGTERM stop the bus cleanly: MassTransit deletes the temporary queue on the way out.
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext signal)
{
    signal.Cancel = true;
    stop.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

await bus.StartAsync(stop.Token);
Console.Out.WriteLine($"Listening for AgentStatusChanged on {broker.Host}:{broker.Port} (Ctrl+C to stop)");
Console.Out.Flush();
try { await Task.Delay(Timeout.Infinite, stop.Token); }
catch (OperationCanceledException) { }
await bus.StopAsync(CancellationToken.None);
return 0;
