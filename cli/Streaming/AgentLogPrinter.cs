using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Streaming;

/// <summary>
/// Prints an agent's output to standard output: the stored chunks (GET /api/agents/{id}/logs, page by page), or the
/// live stream until the run ends. For people through <paramref name="text"/> (Claude Code's lines made readable, or
/// as written); with --json the chunks themselves: one array, or one object a line while following.
/// </summary>
public sealed class AgentLogPrinter(CliContext context, string agentId, Func<string, string> text)
{
    private const int Page = 1000;

    /// <summary>Follows until the run ends; returns the agent as it ended (undefined when deleted meanwhile).</summary>
    public Task<JsonElement> FollowAsync(long from, CancellationToken cancellationToken) =>
        new AgentOutputFollower(
                context.Api, agentId, ReconnectPolicy.ForStream(), AgentOutputFollower.DefaultStatusInterval)
            .FollowAsync(from, Write, notice => context.Host.Error.WriteLine($"cw: {notice}"), cancellationToken);

    public async Task PrintStoredAsync(long from, CancellationToken cancellationToken)
    {
        var chunks = new List<JsonElement>();
        for (var offset = from; ;)
        {
            var page = await context.Api.GetAsync(
                $"api/agents/{Uri.EscapeDataString(agentId)}/logs?from={offset}&limit={Page}", cancellationToken);
            var items = Json.Items(page).ToList();
            foreach (var item in items)
            {
                if (context.Output.IsJson) chunks.Add(item);
                else context.Host.Out.Write(text(Json.String(item, "content") ?? ""));
            }
            if (items.Count < Page) break;
            offset = items[^1].GetProperty("end").GetInt64();
        }
        if (context.Output.IsJson) context.Output.WriteJson(chunks);
    }

    private void Write(OutputChunk chunk)
    {
        if (context.Output.IsJson) context.Host.Out.WriteLine(JsonSerializer.Serialize(chunk, GatewayClient.Json));
        else context.Host.Out.Write(text(chunk.Content));
        context.Host.Out.Flush();
    }
}
