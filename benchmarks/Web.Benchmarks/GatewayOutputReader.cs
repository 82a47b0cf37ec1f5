using System.Text.Json;

namespace Codewalkers.Web.Benchmarks;

/// <summary>
/// The baseline: the agent's output read straight from the gateway's server-sent events
/// (<c>/api/agents/{id}/output</c>), as the web app itself reads it, with no browser and no Blazor in between.
/// </summary>
internal sealed class GatewayOutputReader(StreamReader reader, HttpResponseMessage response) : IDisposable
{
    /// <summary>Connects (the response headers are in) before the agent is let go.</summary>
    public static async Task<GatewayOutputReader> ConnectAsync(HttpClient stream, string agentId)
    {
        var response = await stream.GetAsync($"/api/agents/{agentId}/output", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new GatewayOutputReader(new StreamReader(await response.Content.ReadAsStreamAsync()), response);
    }

    /// <summary>Every tick, timed as its event's line is read, until the agent's result line.</summary>
    public async Task<List<Tick>> ReadUntilResultAsync(TimeSpan patience)
    {
        var ticks = new List<Tick>();
        using var limit = new CancellationTokenSource(patience);
        while (await reader.ReadLineAsync(limit.Token) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var content = JsonDocument.Parse(line[6..]).RootElement.GetProperty("content").GetString() ?? "";
            ticks.AddRange(Tick.In(content, now));
            if (content.Contains("\"type\":\"result\"", StringComparison.Ordinal)) break;
        }
        return ticks;
    }

    public void Dispose()
    {
        reader.Dispose();
        response.Dispose();
    }
}
