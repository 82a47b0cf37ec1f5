using System.Text;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Takes what a CLI appended to its output file: parsed into the run's observation, published to live readers,
/// stored as log chunks. The tailer reads on while earlier chunks wait for their commit: a database busy with other
/// writers (a WAL checkpoint, a burst of consumed events) must not hold back what a user watches live.
/// </summary>
public sealed class OutputIngest(LogChunkWriter chunks, LiveOutput live)
{
    /// <summary>
    /// How much of one agent's output may wait for its commit before its tailer waits too: the memory a stalled
    /// database may cost per agent (at a typical agent's rate, minutes of output).
    /// </summary>
    internal const int MaxUncommittedBytes = 1024 * 1024;

    /// <summary>
    /// Publishes and queues for storing what the CLI appended since the last read; with <paramref name="final"/>
    /// (the CLI is gone) returns only when all of it is stored. A chunk that could not be stored is read again from
    /// where it starts (the writer refuses the agent's later chunks meanwhile), so nothing is lost and nothing doubles.
    /// </summary>
    internal async Task IngestAsync(AgentRun run, bool final)
    {
        await SettleAsync(run, all: false);
        while (run.Tailer.Read(final) is { } chunk)
        {
            // A chunk read again after a failed store was observed already: only what lies beyond is new.
            if (chunk.End > run.ObservedThrough)
            {
                var from = (int)Math.Max(0, run.ObservedThrough - chunk.Start);
                run.Observe(from == 0 ? chunk.Bytes : chunk.Bytes[from..]);
                run.ObservedThrough = chunk.End;
            }
            var content = Encoding.UTF8.GetString(chunk.Bytes);
            // Live readers get it now, not after the commit; one that sees it again after a failed store skips
            // the bytes it has (AgentOutputStream), so this is still exactly once for them.
            live.Publish(new OutputChunk(run.AgentId, run.Session, chunk.Start, chunk.End, content));
            var pending = new LogChunkWriter.Pending(
                run.AgentId, run.Name, run.Session, chunk.Start, chunk.End, content, run.Observation.SessionId);
            run.Storing.Enqueue(new AgentRun.StoringChunk(chunk.Start, chunk.Bytes.Length, StoreAsync(pending)));
            run.UncommittedBytes += chunk.Bytes.Length;
            while (run.UncommittedBytes > MaxUncommittedBytes) await SettleOldestAsync(run);
        }
        if (final) await SettleAsync(run, all: true);
    }

    private async Task StoreAsync(LogChunkWriter.Pending chunk)
    {
        await chunks.StoreAsync(chunk);
        live.Committed(chunk.AgentId, chunk.End);
    }

    /// <summary>Forgets the stored chunks at the front (all of them, waiting, with <paramref name="all"/>).</summary>
    private static async Task SettleAsync(AgentRun run, bool all)
    {
        while (run.Storing.TryPeek(out var oldest) && (all || oldest.Stored.IsCompleted)) await SettleOldestAsync(run);
    }

    private static async Task SettleOldestAsync(AgentRun run)
    {
        var oldest = run.Storing.Peek();
        try
        {
            await oldest.Stored;
            run.Storing.Dequeue();
            run.UncommittedBytes -= oldest.Bytes;
        }
        catch
        {
            // Every later chunk is refused by the writer, so the stored offset is still this chunk's start: once
            // they are settled, read again from there.
            foreach (var later in run.Storing)
            {
                try { await later.Stored; }
                catch { /* refused, as expected: read again below */ }
            }
            run.Storing.Clear();
            run.UncommittedBytes = 0;
            run.Tailer.Rewind(oldest.Start);
            throw;
        }
    }
}
