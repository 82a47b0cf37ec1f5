using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Codewalkers.Benchmarks;

/// <summary>
/// The baselines for log ingestion: the same lines inserted straight into SQLite (WAL, synchronous=NORMAL as the
/// services run it), one row per line, either many per transaction (batch: the fastest a
/// writer can go) or one per transaction (per-line: what a naive writer that stores each line as it comes does).
/// </summary>
internal static class RawSqliteInserts
{
    /// <summary>Lines per second.</summary>
    public static double Measure(int lines, int linesPerTransaction = 1000)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cw-bench-raw-{Guid.NewGuid():N}.db");
        try
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA synchronous=NORMAL;");
            Execute(
                connection,
                "CREATE TABLE lines (id INTEGER PRIMARY KEY, agent TEXT NOT NULL, content TEXT NOT NULL, "
                + "created INTEGER NOT NULL);");
            var watch = Stopwatch.StartNew();
            for (var done = 0; done < lines;)
            {
                using var transaction = connection.BeginTransaction();
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO lines (agent, content, created) VALUES ($agent, $content, $created)";
                var agent = insert.Parameters.Add("$agent", SqliteType.Text);
                var content = insert.Parameters.Add("$content", SqliteType.Text);
                var created = insert.Parameters.Add("$created", SqliteType.Integer);
                for (var i = 0; i < linesPerTransaction && done < lines; i++, done++)
                {
                    agent.Value = $"agent-{done % 50}";
                    content.Value = FakeLine.Json(done);
                    created.Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    insert.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            return lines / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*"))
                File.Delete(file);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

internal static class FakeLine
{
    public static string Json(int seq) =>
        $$$"""{"type":"assistant","ts":"""
        + $$$"""{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}},"seq":{{{seq}}},"message":"""
        + $$$"""{"content":[{"type":"text","text":"lorem ipsum dolor sit amet {{{seq % 1000}}}"}]}}""";
}
