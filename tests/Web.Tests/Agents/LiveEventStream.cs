using System.Text;
using System.Threading.Channels;

namespace Codewalkers.Web.Tests.Agents;

/// <summary>
/// A server-sent event body the test writes to while the component reads it, and that says whether the reader let go
/// of it: the edge of a streaming test, as the gateway's open connection would be.
/// </summary>
internal sealed class LiveEventStream : Stream
{
    private readonly Channel<byte[]> _writes = Channel.CreateUnbounded<byte[]>();
    private ReadOnlyMemory<byte> _pending;

    public bool Closed { get; private set; }

    public void Send(string sseText) => _writes.Writer.TryWrite(Encoding.UTF8.GetBytes(sseText));

    /// <summary>The server ends the response, as it does for a reader that fell behind.</summary>
    public void End() => _writes.Writer.TryComplete();

    public static string Chunk(long start, string content)
    {
        var end = start + Encoding.UTF8.GetByteCount(content);
        var data = System.Text.Json.JsonSerializer.Serialize(new { sessionNumber = 1, start, end, content });
        return $"id: {end}\nevent: chunk\ndata: {data}\n\n";
    }

    public HttpResponseMessage Response() => new()
    {
        Content = new StreamContent(this) { Headers = { ContentType = new("text/event-stream") } },
    };

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_pending.IsEmpty)
        {
            if (!await _writes.Reader.WaitToReadAsync(cancellationToken)) return 0;
            _pending = await _writes.Reader.ReadAsync(cancellationToken);
        }
        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        Closed = true;
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
