using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Events;

/// <summary>
/// The activity feed and webhooks through the gateway with the real services: a real agent's status changes reach an
/// events stream, a webhook receiver that was down for a minute, and the sample subscriber on the broker.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class EventsFeedTests(CodewalkersApp app)
{
    [Fact]
    public async Task An_events_stream_for_an_initiative_shows_its_agents_status_changes_as_they_happen()
    {
        using var client = app.CreateClient();
        var initiative = Ids.New();
        using var stream = StreamClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/events?initiativeId={initiative}");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await stream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        var events = SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator();

        var agent = await SpawnAsync(client, initiative, "feed");

        var running = await NextAsync(events);
        Assert.Equal("agent.running", running.EventType);
        var ended = await NextAsync(events);
        Assert.StartsWith("agent.", ended.EventType);
        using var data = JsonDocument.Parse(ended.Data);
        Assert.Equal((agent, initiative, "running"), (data.RootElement.Str("agentId"),
            data.RootElement.Str("initiativeId"), data.RootElement.GetProperty("data").Str("from")));
        Assert.True(long.Parse(ended.EventId!) > long.Parse(running.EventId!));
    }

    [Fact]
    public async Task A_webhook_receiver_down_for_a_minute_gets_each_event_once_with_a_valid_signature()
    {
        using var client = app.CreateClient();
        await using var receiver = new WebhookReceiver(); // down: its port refuses connections
        var created = await client.PostJsonAsync("/api/webhooks", new
        {
            url = receiver.Url, kinds = new[] { "agent.running", "agent.idle", "agent.stopped", "agent.crashed" },
        });
        var (webhookId, secret) = (created.Str("id"), created.Str("secret"));
        var down = Stopwatch.StartNew();
        var initiative = Ids.New();
        await SpawnAsync(client, initiative, "hook");

        // The agent's run, as the feed recorded it: what the receiver is owed.
        var feed = await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/events?initiativeId={initiative}")).GetProperty("events")
                .EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList(),
            ids => ids.Count >= 2, "the agent's run recorded in the feed", TimeSpan.FromMinutes(3));
        var pending = await client.GetJsonAsync($"/api/webhooks/{webhookId}/deliveries");
        Assert.All(pending.EnumerateArray(), d => Assert.Equal("pending", d.Str("status")));
        var remaining = TimeSpan.FromMinutes(1) - down.Elapsed;
        if (remaining > TimeSpan.Zero) await Task.Delay(remaining);
        await receiver.StartAsync();

        await Eventually.TrueAsync(() => Task.FromResult(Received(receiver, initiative).Count >= feed.Count),
            $"{feed.Count} deliveries after the receiver came back", TimeSpan.FromSeconds(30));
        var received = Received(receiver, initiative);
        Assert.All(received, r => Assert.Equal(Sign(secret, r.Body), r.Signature));
        Assert.Equal(received.Count, received.Select(r => r.DeliveryId).Distinct().Count());
        Assert.Equal(feed.Order(), received.Select(r => JsonDocument.Parse(r.Body).RootElement
            .GetProperty("eventId").GetInt64()).Order());
        // Past the longest backoff (5 s here): nothing arrives a second time.
        await Task.Delay(TimeSpan.FromSeconds(7));
        Assert.Equal(received.Count, Received(receiver, initiative).Count);
        var deliveries = await client.GetJsonAsync($"/api/webhooks/{webhookId}/deliveries");
        Assert.All(deliveries.EnumerateArray().Where(d => feed.Contains(d.GetProperty("eventId").GetInt64())), d =>
        {
            Assert.Equal("delivered", d.Str("status"));
            Assert.True(d.GetProperty("attempts").GetInt32() > 1);
        });
        await client.DeleteAsync($"/api/webhooks/{webhookId}");
    }

    [Fact]
    public async Task The_sample_subscriber_prints_an_agents_status_change_from_the_broker()
    {
        using var client = app.CreateClient();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(SampleAssembly());
        start.Environment["CW_HOME"] = app.CwHome; // it finds the local broker there, as after ./run.sh
        using var sample = Process.Start(start)!;
        var lines = new ConcurrentQueue<string>();
        sample.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        sample.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue("stderr: " + e.Data); };
        sample.BeginOutputReadLine();
        sample.BeginErrorReadLine();
        try
        {
            await Eventually.TrueAsync(
                () => Task.FromResult(lines.Any(l => l.StartsWith("Listening", StringComparison.Ordinal))),
                TimeSpan.FromSeconds(60), () => Task.FromResult("the sample listening: " + string.Join('\n', lines)));
            var agent = await SpawnAsync(client, Ids.New(), "sample");
            await Eventually.TrueAsync(
                () => Task.FromResult(lines.Any(l => l.Contains(agent) && l.Contains("-> running"))),
                TimeSpan.FromMinutes(2), () => Task.FromResult("the sample printed: " + string.Join('\n', lines)));
        }
        finally
        {
            sample.Kill(entireProcessTree: true);
            await sample.WaitForExitAsync();
        }
    }

    /// <summary>A real Claude CLI agent of the initiative, scripted to finish at once.</summary>
    private async Task<string> SpawnAsync(HttpClient client, string initiative, string prefix)
    {
        var marker = Api.Unique(prefix);
        app.Model.Script(marker,
            Steps.Signal(new { status = "done", result = new { message = "Done" } }),
            Steps.Say("Done."));
        var agent = await client.PostJsonAsync("/api/agents", new
        {
            mode = "execute", prompt = $"Scenario {marker}.", initiativeId = initiative,
            projects = Array.Empty<object>(), inputFiles = Array.Empty<object>(),
            requiredOutputs = Array.Empty<string>(),
        });
        return agent.Str("id");
    }

    private HttpClient StreamClient()
    {
        var client = app.CreateClient();
        client.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }

    private static async Task<SseItem<string>> NextAsync(IAsyncEnumerator<SseItem<string>> events)
    {
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(3)), "the stream ended");
        return events.Current;
    }

    private static List<ReceivedWebhook> Received(WebhookReceiver receiver, string initiative) =>
        [.. receiver.Received.Where(r => r.Text.Contains(initiative, StringComparison.Ordinal))];

    /// <summary>The receiver's check, as docs/events.md shows it.</summary>
    private static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static string SampleAssembly()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = directory.Parent!.Name; // bin/<Configuration>/net10.0
        while (!File.Exists(Path.Combine(directory.FullName, "Codewalkers.sln"))) directory = directory.Parent!;
        var path = Path.Combine(directory.FullName, "samples", "AgentStatusSubscriber", "bin", configuration,
            "net10.0", "Codewalkers.Samples.AgentStatusSubscriber.dll");
        Assert.True(File.Exists(path), $"{path} is built with the solution");
        return path;
    }
}
