using System.Diagnostics;
using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Execution;

/// <summary>
/// An agent's output streamed live through the gateway (server-sent events), and caught up from an offset.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class AgentStreamTests(CodewalkersApp app)
{
    [Fact]
    public async Task An_agents_output_streams_through_the_gateway_while_it_runs_and_resumes_from_an_offset()
    {
        using var client = app.CreateClient();
        var marker = Api.Unique("stream");
        app.Model.Script(marker,
            Steps.Bash("echo $((6*7))x"),
            Steps.Bash("timeout 4 tail -f /dev/null; echo $((7*8))y"),
            Steps.Signal(new { status = "done", result = new { message = "Streamed" } }),
            Steps.Say("Done."));
        var agent = await client.PostJsonAsync("/api/agents", new
        {
            mode = "execute", prompt = $"Scenario {marker}.", projects = Array.Empty<object>(),
            inputFiles = Array.Empty<object>(), requiredOutputs = Array.Empty<string>(),
        });
        var id = agent.Str("id");

        using var stream = new HttpClient { BaseAddress = app.GatewayUrl, Timeout = Timeout.InfiniteTimeSpan };
        stream.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        using var response =
            await stream.GetAsync($"/api/agents/{id}/output", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<(long Id, string Content, bool Running)>();
        var waited = Stopwatch.StartNew();
        long? eventId = null;
        while (!events.Any(e => e.Content.Contains("\"type\":\"result\"")) && waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(3));
            if (line is null) break;
            if (line.StartsWith("id: ", StringComparison.Ordinal))
                eventId = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            var running = (await client.GetJsonAsync($"/api/agents/{id}")).Str("status") == "running";
            var content = JsonDocument.Parse(line[6..]).RootElement.GetProperty("content").GetString()!;
            events.Add((eventId ?? -1, content, running));
        }

        Assert.Contains(events, e => e.Content.Contains("42x"));
        Assert.Contains(events, e => e.Content.Contains("\"type\":\"result\""));
        Assert.Contains(events, e => e.Running && e.Content.Contains("42x")); // live: seen before the agent finished
        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));

        // The commands' own text holds no "42x" or "56y": only their outputs do (6*7 and 7*8, worked out by the shell).
        // A reader that reconnects from an offset gets only what follows it, and nothing twice.
        var middle = events.First(e => e.Content.Contains("42x")).Id;
        using var catchUp = await stream.GetAsync($"/api/agents/{id}/output?from={middle}&follow=false");
        var text = await catchUp.Content.ReadAsStringAsync();
        Assert.DoesNotContain("42x", text);
        Assert.Contains("56y", text);
    }
}
