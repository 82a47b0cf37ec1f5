using System.Text;
using System.Text.Json;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Supervision;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Apis;

/// <summary>
/// GET /api/agents/{id}/output: server-sent events, one <c>chunk</c> event per stored log chunk, each with the byte
/// offset it ends at as its id. Subscribes before reading the catch-up, then skips live bytes already sent, so
/// nothing falls between the two and nothing is sent twice. Live chunks arrive as soon as they are read, before their
/// commit; the stored copy that follows in a catch-up is cut the same way.
/// </summary>
internal static class AgentOutputStream
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task StreamAsync(
        string id, long? from, bool? follow, HttpContext http, AgentsDbContext db, LiveOutput live,
        CancellationToken cancellationToken)
    {
        var offset = from ?? (long.TryParse(http.Request.Headers["Last-Event-ID"], out var last) ? last : 0);
        if (offset < 0) throw new ValidationException("from", "The offset cannot be negative.");
        if (!await db.Agents.AnyAsync(a => a.Id == id, cancellationToken)
            && !await db.LogChunks.AnyAsync(c => c.AgentId == id, cancellationToken))
            throw new NotFoundException("Agent", id);

        using var subscription = live.Subscribe(id);
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.StartAsync(cancellationToken);

        while (true)
        {
            var stored = await db.LogChunks.AsNoTracking().Where(c => c.AgentId == id && c.EndOffset > offset)
                .OrderBy(c => c.StartOffset).Take(500)
                .Select(c => new OutputChunk(c.AgentId, c.SessionNumber, c.StartOffset, c.EndOffset, c.Content))
                .ToListAsync(cancellationToken);
            foreach (var chunk in stored) offset = await WriteAsync(http, chunk, offset, cancellationToken);
            if (stored.Count < 500) break;
        }
        if (follow == false) return;

        try
        {
            var heartbeat = TimeSpan.FromSeconds(15);
            while (!cancellationToken.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(heartbeat);
                try
                {
                    if (!await subscription.Reader.WaitToReadAsync(wait.Token))
                        return; // cut off as too slow: the client reconnects
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await http.Response.Body.FlushAsync(cancellationToken);
                    continue;
                }
                while (subscription.Reader.TryRead(out var chunk))
                    offset = await WriteAsync(http, chunk, offset, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
    }

    private static async Task<long> WriteAsync(
        HttpContext http, OutputChunk chunk, long offset, CancellationToken cancellationToken)
    {
        if (chunk.End <= offset) return offset;
        // A chunk read again after a failed store (or stored after it went out live) starts before what this reader
        // has: send only the rest. Chunks end on a line, so the cut is on a character boundary.
        var (start, content) = chunk.Start >= offset
            ? (chunk.Start, chunk.Content)
            : (offset, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(chunk.Content)[(int)(offset - chunk.Start)..]));
        var data = JsonSerializer.Serialize(new { chunk.SessionNumber, Start = start, chunk.End, Content = content },
            Json);
        await http.Response.WriteAsync($"id: {chunk.End}\nevent: chunk\ndata: {data}\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
        return chunk.End;
    }
}
