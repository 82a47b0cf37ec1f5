namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Reads an append-only output file from a byte offset, whole lines only: a line still being written stays for the
/// next read, unless <c>final</c> says the writer is gone. Lines are split on bytes, so multi-byte characters and
/// very long lines never break.
/// </summary>
public sealed class OutputTailer(string path, long offset, int maxChunkBytes)
{
    public long Offset { get; private set; } = offset;

    public sealed record Chunk(long Start, long End, byte[] Bytes);

    public Chunk? Read(bool final)
    {
        if (!File.Exists(path)) return null;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length <= Offset) return null;
        stream.Seek(Offset, SeekOrigin.Begin);
        var buffer = new byte[Math.Min(maxChunkBytes, stream.Length - Offset)];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var span = buffer.AsSpan(0, read);
        var lastNewline = span.LastIndexOf((byte)'\n');
        int take;
        if (lastNewline >= 0) take = lastNewline + 1;
        else if (final || read == maxChunkBytes) take = read; // a line longer than a chunk is stored in pieces
        else return null;
        var chunk = new Chunk(Offset, Offset + take, span[..take].ToArray());
        Offset += take;
        return chunk;
    }

    /// <summary>Goes back to <paramref name="offset"/> after a chunk could not be stored.</summary>
    public void Rewind(long offset) => Offset = Math.Min(Offset, offset);

    /// <summary>The lines of a chunk, without their newline.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Lines(byte[] bytes)
    {
        var start = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0) end = bytes.Length;
            if (end > start) yield return bytes.AsMemory(start, end - start);
            start = end + 1;
        }
    }
}
