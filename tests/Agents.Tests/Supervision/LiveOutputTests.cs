using Codewalkers.Agents.Supervision;

namespace Codewalkers.Agents.Tests.Supervision;

/// <summary>Live chunks go out before their commit; a reader that connects in between must still get them.</summary>
public sealed class LiveOutputTests
{
    private static OutputChunk Chunk(long start, long end) =>
        new("agent", 1, start, end, new string('x', (int)(end - start)));

    private static List<OutputChunk> Drain(LiveOutput.Subscription subscription)
    {
        var chunks = new List<OutputChunk>();
        while (subscription.Reader.TryRead(out var chunk)) chunks.Add(chunk);
        return chunks;
    }

    [Fact]
    public void A_reader_connecting_before_a_chunk_is_committed_gets_it_first_and_none_once_it_is_stored()
    {
        var live = new LiveOutput();
        live.Publish(Chunk(0, 10));
        live.Publish(Chunk(10, 20));
        live.Committed("agent", 10);

        // Its catch-up query may miss 10..20 (not stored yet): the feed hands it over.
        using var early = live.Subscribe("agent");
        Assert.Equal([(10L, 20L)], Drain(early).Select(c => (c.Start, c.End)));

        live.Publish(Chunk(20, 30));
        Assert.Equal([(20L, 30L)], Drain(early).Select(c => (c.Start, c.End)));
        live.Committed("agent", 30);

        // Everything is stored now: a new reader finds it all in the database, and nothing twice here.
        using var late = live.Subscribe("agent");
        Assert.Empty(Drain(late));
        using var other = live.Subscribe("another-agent");
        live.Publish(Chunk(30, 40));
        Assert.Empty(Drain(other));
        Assert.Single(Drain(late));
    }
}
