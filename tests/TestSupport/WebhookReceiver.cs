using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Codewalkers.TestSupport;

/// <summary>One POST a <see cref="WebhookReceiver"/> took: its headers of interest and exact body.</summary>
public sealed record ReceivedWebhook(
    string? Signature, string? DeliveryId, string? Kind, byte[] Body, DateTimeOffset At)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A local HTTP receiver for webhook deliveries on a fixed port, which can be stopped and started again on that port
/// (a receiver that is down for a while). Every POST is answered 200 and kept, in arrival order.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication? _app;

    public int Port { get; } = FreePort();

    public string Url => $"http://127.0.0.1:{Port}/hook";

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var headers = http.Request.Headers;
            Received.Enqueue(new ReceivedWebhook(
                headers["X-Codewalkers-Signature"], headers["X-Codewalkers-Delivery"], headers["X-Codewalkers-Event"],
                body.ToArray(), DateTimeOffset.UtcNow));
            return Results.Ok();
        });
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
