using System.Text;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Takes what a CLI appended to its output file: parsed into the run's observation, published to live readers,
/// stored as log chunks.
/// </summary>
public sealed class OutputIngest(LogChunkWriter chunks, LiveOutput live)
{
    /// <summary>
    /// Stores what the CLI appended since the persisted offset; the writer commits chunk and offset together.
    /// </summary>
    internal async Task IngestAsync(AgentRun run, bool final)
    {
        while (run.Tailer.Read(final) is { } chunk)
        {
            try
            {
                run.Observe(chunk.Bytes);
                var content = Encoding.UTF8.GetString(chunk.Bytes);
                // Live readers get it now, not after the commit; one that sees it again after a failed store skips
                // the bytes it has (AgentOutputStream), so this is still exactly once for them.
                live.Publish(new OutputChunk(run.AgentId, run.Session, chunk.Start, chunk.End, content));
                await chunks.StoreAsync(new LogChunkWriter.Pending(
                    run.AgentId, run.Name, run.Session, chunk.Start, chunk.End, content, run.Observation.SessionId));
                live.Committed(run.AgentId, chunk.End);
            }
            catch
            {
                // Not stored: read it again next time, so nothing is lost (and, the offset not moving, nothing
                // doubles).
                run.Tailer.Rewind(chunk.Start);
                throw;
            }
        }
    }
}
