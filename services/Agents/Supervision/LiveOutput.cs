using System.Threading.Channels;

namespace Codewalkers.Agents.Supervision;

/// <summary>A log chunk as streamed to readers; <see cref="End"/> is the offset to resume from.</summary>
public sealed record OutputChunk(string AgentId, int SessionNumber, long Start, long End, string Content);

/// <summary>
/// Fans chunks out to live subscribers (SSE streams) as soon as they are read, before they are stored. Until its
/// commit a chunk is also kept here, and a new subscriber gets those first: its catch-up from the database cannot
/// see them yet, so without this a chunk read just before a reader connects would reach it never. Slow readers drop,
/// never block the tailer.
/// </summary>
public sealed class LiveOutput
{
    private readonly Dictionary<string, Feed> _feeds = [];

    private sealed class Feed
    {
        public readonly HashSet<Channel<OutputChunk>> Readers = [];
        public readonly List<OutputChunk> Uncommitted = [];
    }

    public Subscription Subscribe(string agentId)
    {
        var channel = Channel.CreateBounded<OutputChunk>(
            new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite });
        lock (_feeds)
        {
            var feed = FeedOf(agentId);
            feed.Readers.Add(channel);
            foreach (var chunk in feed.Uncommitted) channel.Writer.TryWrite(chunk);
        }
        return new Subscription(channel.Reader, () =>
        {
            lock (_feeds)
            {
                if (_feeds.TryGetValue(agentId, out var feed) && feed.Readers.Remove(channel)) Forget(agentId, feed);
            }
        });
    }

    public void Publish(OutputChunk chunk)
    {
        lock (_feeds)
        {
            var feed = FeedOf(chunk.AgentId);
            feed.Uncommitted.Add(chunk);
            foreach (var channel in feed.Readers)
            {
                // A reader that cannot keep up is cut off; it reconnects and catches up from the database.
                if (!channel.Writer.TryWrite(chunk)) channel.Writer.TryComplete();
            }
        }
    }

    /// <summary>
    /// Everything of the agent up to <paramref name="end"/> is stored: a catch-up finds it from now on.
    /// </summary>
    public void Committed(string agentId, long end)
    {
        lock (_feeds)
        {
            if (!_feeds.TryGetValue(agentId, out var feed)) return;
            feed.Uncommitted.RemoveAll(c => c.End <= end);
            Forget(agentId, feed);
        }
    }

    private Feed FeedOf(string agentId)
    {
        if (!_feeds.TryGetValue(agentId, out var feed)) _feeds[agentId] = feed = new Feed();
        return feed;
    }

    private void Forget(string agentId, Feed feed)
    {
        if (feed.Readers.Count == 0 && feed.Uncommitted.Count == 0) _feeds.Remove(agentId);
    }

    public sealed class Subscription(ChannelReader<OutputChunk> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<OutputChunk> Reader { get; } = reader;
        public void Dispose() => unsubscribe();
    }
}
