using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Codewalkers.Persistence;

/// <summary>
/// Settings of every connection to a service's SQLite file (they do not persist in the file, unlike WAL):
/// <list type="bullet">
/// <item><c>busy_timeout</c>: a writer that finds the write lock taken waits inside SQLite, which retries within a
/// millisecond or two of the lock coming free. Without it Microsoft.Data.Sqlite gets SQLITE_BUSY at once and retries
/// after sleeping 150 ms: two consumers of one event (each commits its inbox row) cost the second one 150 ms.</item>
/// <item><c>synchronous=NORMAL</c> (with WAL): a commit survives a killed process (the restart tests rely on it) but
/// does not wait for an fsync, which otherwise caps log ingestion at the disk's flush rate and adds a flush to every
/// hop of a dispatch. Only a power loss can drop the last commits.</item>
/// </list>
/// </summary>
internal sealed class SqliteConnectionSetup(TimeSpan busyTimeout) : DbConnectionInterceptor
{
    private readonly string _pragmas =
        $"PRAGMA busy_timeout={(int)busyTimeout.TotalMilliseconds}; PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
