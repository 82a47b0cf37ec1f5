using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Codewalkers.Agents.Supervision;

/// <summary>A stored log chunk as streamed to readers; <see cref="End"/> is the offset to resume from.</summary>
public sealed record OutputChunk(string AgentId, int SessionNumber, long Start, long End, string Content);

/// <summary>Fans newly stored chunks out to live subscribers (SSE streams). Slow readers drop, never block the tailer.</summary>
public sealed class LiveOutput
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<OutputChunk>, byte>> _subscribers = new();

    public Subscription Subscribe(string agentId)
    {
        var channel = Channel.CreateBounded<OutputChunk>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite });
        _subscribers.GetOrAdd(agentId, _ => new())[channel] = 0;
        return new Subscription(channel.Reader, () =>
        {
            if (_subscribers.TryGetValue(agentId, out var set)) set.TryRemove(channel, out _);
        });
    }

    public void Publish(OutputChunk chunk)
    {
        if (!_subscribers.TryGetValue(chunk.AgentId, out var set)) return;
        foreach (var channel in set.Keys)
        {
            // A reader that cannot keep up is cut off; it reconnects and catches up from the database.
            if (!channel.Writer.TryWrite(chunk)) channel.Writer.TryComplete();
        }
    }

    public sealed class Subscription(ChannelReader<OutputChunk> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<OutputChunk> Reader { get; } = reader;
        public void Dispose() => unsubscribe();
    }
}
