using System.Threading.Channels;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Stores the chunks every agent's tailer reads, many agents per transaction: the chunks and each agent's new output
/// offset commit together, so a restart resumes exactly after the last stored byte. Each tailer waits for its chunk
/// to commit before reading on, which keeps every agent's chunks in order. Committed chunks go to live readers.
/// </summary>
public sealed class LogChunkWriter(IServiceScopeFactory scopes, LiveOutput live, TimeProvider clock, ILogger<LogChunkWriter> logger) : BackgroundService
{
    private const int MaxBatch = 256;

    public sealed record Pending(string AgentId, string AgentName, int Session, long Start, long End, string Content, string? SessionId)
    {
        internal TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    public Task StoreAsync(Pending chunk)
    {
        if (!_queue.Writer.TryWrite(chunk)) chunk.Stored.SetException(new InvalidOperationException("The log writer has stopped."));
        return chunk.Stored.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
                try
                {
                    await WriteAsync(batch, stoppingToken);
                    foreach (var chunk in batch) chunk.Stored.SetResult();
                    foreach (var chunk in batch) live.Publish(new OutputChunk(chunk.AgentId, chunk.Session, chunk.Start, chunk.End, chunk.Content));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Storing {Count} log chunks failed; their tailers will read them again", batch.Count);
                    foreach (var chunk in batch) chunk.Stored.TrySetException(ex);
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            _queue.Writer.TryComplete();
            foreach (var chunk in batch) chunk.Stored.TrySetCanceled();
            while (_queue.Reader.TryRead(out var left)) left.Stored.TrySetCanceled();
        }
    }

    private async Task WriteAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var chunk in batch)
            db.LogChunks.Add(AgentLogChunk.Create(chunk.AgentId, chunk.AgentName, chunk.Session, chunk.Content, chunk.Start, chunk.End, now));
        await db.SaveChangesAsync(cancellationToken);
        // Offsets and session ids as plain column updates: no tracked agent, so no clash with a concurrent transition.
        foreach (var group in batch.GroupBy(c => c.AgentId))
        {
            var end = group.Max(c => c.End);
            await db.Agents.Where(a => a.Id == group.Key && a.OutputOffset < end)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.OutputOffset, end), cancellationToken);
            if (group.Last().SessionId is { } session)
                await db.Agents.Where(a => a.Id == group.Key && (a.SessionId == null || a.SessionId != session))
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.SessionId, session), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
