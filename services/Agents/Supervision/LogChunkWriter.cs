using System.Data.Common;
using System.Threading.Channels;
using Codewalkers.Agents.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Stores the chunks every agent's tailer reads, many agents per transaction: the chunks and each agent's new output
/// offset commit together, so a restart resumes exactly after the last stored byte. Chunks are stored in the order
/// they were given (one queue, one writer). A tailer reads on while its chunks wait for their commit (live readers
/// get each chunk when it is read: a commit, or a WAL checkpoint stalling one, never delays what a user watches), so
/// when a chunk cannot be stored, the agent's later chunks are refused until its tailer gives that chunk again:
/// otherwise a later commit would move the stored offset past the lost one.
/// </summary>
public sealed class LogChunkWriter(
    IDbContextFactory<AgentsDbContext> databases, TimeProvider clock,
    ILogger<LogChunkWriter> logger) : BackgroundService
{
    private const int MaxBatch = 256;

    public sealed record Pending(string AgentId, string AgentName, int Session, long Start, long End, string Content,
        string? SessionId)
    {
        internal TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(
        new UnboundedChannelOptions { SingleReader = true });
    // The provider session id last written per agent: most batches only move offsets, and skip that update.
    private readonly Dictionary<string, string> _sessionIds = [];
    // Per agent whose chunk could not be stored: that chunk's start. Only the writer's loop touches it.
    private readonly Dictionary<string, long> _refusedFrom = [];

    public Task StoreAsync(Pending chunk)
    {
        if (!_queue.Writer.TryWrite(chunk))
            chunk.Stored.SetException(new InvalidOperationException("The log writer has stopped."));
        return chunk.Stored.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    if (IsAfterRefused(next)) next.Stored.TrySetException(new InvalidOperationException(
                        $"An earlier log chunk of agent {next.AgentId} was not stored; its tailer reads it again."));
                    else batch.Add(next);
                }
                if (batch.Count == 0) continue;
                try
                {
                    await WriteAsync(batch, stoppingToken);
                    foreach (var chunk in batch) chunk.Stored.SetResult();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Storing {Count} log chunks failed; their tailers will read them again",
                        batch.Count);
                    _sessionIds.Clear();
                    foreach (var chunk in batch)
                    {
                        _refusedFrom.TryAdd(chunk.AgentId, chunk.Start);
                        chunk.Stored.TrySetException(ex);
                    }
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

    /// <summary>
    /// Whether <paramref name="chunk"/> comes after a chunk of its agent that was not stored. The tailer reading that
    /// chunk again (it starts there, or before) ends the refusal.
    /// </summary>
    private bool IsAfterRefused(Pending chunk)
    {
        if (!_refusedFrom.TryGetValue(chunk.AgentId, out var from)) return false;
        if (chunk.Start > from) return true;
        _refusedFrom.Remove(chunk.AgentId);
        return false;
    }

    /// <remarks>
    /// Prepared ADO.NET commands on the context's connection instead of tracked entities: this is the service's hot
    /// path
    /// (tens of thousands of lines a second), and change tracking plus one translated UPDATE per agent cost more CPU
    /// than the inserts. Quoted names and @parameters keep it provider-neutral.
    /// </remarks>
    private async Task WriteAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();

        await using var insert = Command(connection, transaction,
            """
            INSERT INTO "agent_log_chunks"
                ("AgentId", "AgentName", "SessionNumber", "Content", "StartOffset", "EndOffset", "CreatedAt")
            VALUES (@a, @n, @s, @c, @st, @e, @t)
            """,
            "@a", "@n", "@s", "@c", "@st", "@e", "@t");
        foreach (var chunk in batch)
        {
            Set(insert, chunk.AgentId, chunk.AgentName, chunk.Session, chunk.Content, chunk.Start, chunk.End, now);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var offset = Command(connection, transaction,
            """UPDATE "agents" SET "OutputOffset" = @e WHERE "Id" = @a AND "OutputOffset" < @e""", "@e", "@a");
        await using var session = Command(connection, transaction,
            """UPDATE "agents" SET "SessionId" = @s WHERE "Id" = @a AND ("SessionId" IS NULL OR "SessionId" <> @s)""",
            "@s", "@a");
        var sessions = new List<(string AgentId, string SessionId)>();
        foreach (var group in batch.GroupBy(c => c.AgentId))
        {
            Set(offset, group.Max(c => c.End), group.Key);
            await offset.ExecuteNonQueryAsync(cancellationToken);
            if (group.Last().SessionId is { } sessionId && _sessionIds.GetValueOrDefault(group.Key) != sessionId)
            {
                Set(session, sessionId, group.Key);
                await session.ExecuteNonQueryAsync(cancellationToken);
                sessions.Add((group.Key, sessionId));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        foreach (var (agentId, sessionId) in sessions) _sessionIds[agentId] = sessionId;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql,
        params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static void Set(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
    }
}
