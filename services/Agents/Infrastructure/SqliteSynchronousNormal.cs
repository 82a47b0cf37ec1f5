using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Codewalkers.Agents.Infrastructure;

/// <summary>
/// WAL with synchronous=NORMAL: a commit survives a killed process (the restart tests rely on it) but does not wait
/// for an fsync, which otherwise caps log ingestion at the disk's flush rate. Only a power loss can drop the last commits.
/// </summary>
internal sealed class SqliteSynchronousNormal : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }
}
