using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Codewalkers.ServiceDefaults.Errors;

/// <summary>
/// Kestrel refuses a request it cannot parse (a <c>%00</c> in the path, a control character in a header, a request
/// line too long) before any middleware runs, with an empty 4xx and "Connection: close". A connection middleware sees
/// that response on its way out and gives it a ProblemDetails body, so every error a client gets is one.
/// </summary>
public static class ServerRejectionProblems
{
    public static IServiceCollection AddServerRejectionProblems(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureEndpointDefaults(
            listen => listen.Use(next => connection =>
            {
                var transport = connection.Transport;
                connection.Transport = new DuplexPipe(transport.Input, new RejectionRewritingWriter(transport.Output));
                return next(connection);
            })));

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }

    /// <summary>
    /// Holds what is written until a flush, then passes it on, rewritten when it is exactly a rejection.
    /// </summary>
    internal sealed class RejectionRewritingWriter(PipeWriter inner) : PipeWriter
    {
        // Past this, a buffer a large response grew is dropped after its flush
        // rather than kept for the connection's life.
        private const int RetainedCapacity = 64 * 1024;
        private ArrayBufferWriter<byte> _pending = new();

        // Kestrel asks how much is buffered (System.Text.Json decides when to flush from it): the transport's answer
        // plus what waits here.
        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;
        public override long UnflushedBytes => inner.UnflushedBytes + _pending.WrittenCount;

        public override void Advance(int bytes) => _pending.Advance(bytes);
        public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);
        public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);
        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            PassOn();
            return inner.FlushAsync(cancellationToken);
        }

        public override void Complete(Exception? exception = null)
        {
            PassOn();
            inner.Complete(exception);
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            PassOn();
            await inner.CompleteAsync(exception);
        }

        private void PassOn()
        {
            if (_pending.WrittenCount == 0) return;
            inner.Write(Rewrite(_pending.WrittenSpan) is { } problem ? problem : _pending.WrittenSpan);
            if (_pending.Capacity > RetainedCapacity) _pending = new ArrayBufferWriter<byte>();
            else _pending.ResetWrittenCount();
        }
    }

    private static readonly Dictionary<int, string> RfcSections = new()
    {
        [400] = "15.5.1", [408] = "15.5.9", [413] = "15.5.14", [414] = "15.5.15", [505] = "15.6.6",
    };

    /// <summary>
    /// A ProblemDetails response for a bodiless 4xx/5xx that closes the connection; null for anything else.
    /// </summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> response)
    {
        // "HTTP/1.1 400 Bad Request\r\n...\r\n\r\n" and nothing after the headers.
        if (response.Length > 1024 || !response.StartsWith("HTTP/1."u8) || !response.EndsWith("\r\n\r\n"u8))
            return null;
        var text = Encoding.ASCII.GetString(response);
        if (text.Length < 13 || text[8] != ' ' || !int.TryParse(text.AsSpan(9, 3), out var status) || status < 400)
            return null;
        var headersStart = text.IndexOf("\r\n", StringComparison.Ordinal);
        if (text.IndexOf("\r\n\r\n", StringComparison.Ordinal) != text.Length - 4) return null;
        var headers = text[headersStart..^2];
        if (!headers.Contains("\r\nContent-Length: 0\r\n", StringComparison.OrdinalIgnoreCase)
            || !headers.Contains("\r\nConnection: close\r\n", StringComparison.OrdinalIgnoreCase)
            || headers.Contains("\r\nContent-Type:", StringComparison.OrdinalIgnoreCase)
            || headers.Contains("\r\nTransfer-Encoding:", StringComparison.OrdinalIgnoreCase))
            return null;

        var reason = text[13..headersStart];
        var type = RfcSections.TryGetValue(status, out var section)
            ? $"https://tools.ietf.org/html/rfc9110#section-{section}"
            : "about:blank";
        const string detail = "The server could not read this request (its request line, target or headers are "
            + "malformed, for example a %00 or a control character in the path, or too large), so it closed the "
            + "connection.";
        var body = $$"""{"type":"{{type}}","title":"{{reason}}","status":{{status}},"detail":"{{detail}}"}""";
        var problemHeaders = "\r\nContent-Type: application/problem+json\r\n"
            + $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n";
        var rewritten = headers.Replace(
            "\r\nContent-Length: 0\r\n", problemHeaders, StringComparison.OrdinalIgnoreCase);
        return Encoding.ASCII.GetBytes(text[..headersStart] + rewritten + "\r\n" + body);
    }
}
