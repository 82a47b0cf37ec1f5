using System.Text;
using System.Text.Json;

namespace Codewalkers.Cli.Streaming;

/// <summary>
/// A piece of an agent's output as GET /api/agents/{id}/output and /logs send it: the bytes [Start, End) of the
/// agent's log, from session <see cref="SessionNumber"/>. Serialised with the API's field names.
/// </summary>
public sealed record OutputChunk(int SessionNumber, long Start, long End, string Content)
{
    public static OutputChunk Parse(string json) =>
        JsonSerializer.Deserialize<OutputChunk>(json, Core.GatewayClient.Json)
            ?? throw new JsonException("An output event without data.");

    /// <summary>
    /// What of this chunk a reader that has everything up to <paramref name="offset"/> has not seen yet, or null when
    /// it has all of it. Offsets count UTF-8 bytes; chunks end on a line, so a cut falls on a character boundary.
    /// </summary>
    public OutputChunk? After(long offset)
    {
        if (End <= offset) return null;
        if (Start >= offset) return this;
        var bytes = Encoding.UTF8.GetBytes(Content);
        var skip = (int)Math.Min(offset - Start, bytes.Length);
        return this with { Start = offset, Content = Encoding.UTF8.GetString(bytes, skip, bytes.Length - skip) };
    }
}
