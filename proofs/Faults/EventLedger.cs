using Microsoft.Data.Sqlite;

namespace Codewalkers.Proofs.Faults;

/// <summary>
/// Events counted by message id on both sides, read read-only from the services' SQLite files: the senders' outbox
/// rows and the receivers' inbox records. A consumer records only the messages it applied (one it has no use for leaves
/// no record), so which consumers must record every message of a type is learnt from the run itself: the pairs of
/// (type, consumer) that recorded every message of that type written before the first fault. After the faults each of
/// those pairs must still have a record for every message of the type: a missing one is an event lost. An event applied
/// twice shows where its effect can be compared: Collaboration's feed, one entry per applied status change, whose
/// entries carry the event's own time; two identical entries are one event applied twice.
/// </summary>
public sealed class EventLedger(RunningSystem system)
{
    public static readonly string[] Services = ["planning", "agents", "collaboration", "errands"];

    public static SqliteConnection Open(RunningSystem system, string service)
    {
        var connection = new SqliteConnection(
            $"Data Source={Path.Combine(system.CwHome, "data", $"{service}.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    public sealed record Outcome(
        long Published, long Records, int PairsChecked, long Checked, List<string> Lost, List<string> Doubled,
        long Pending, long DeadLettered);

    /// <summary>Outbox rows not yet published (nor dead-lettered), over every service.</summary>
    public long Pending() => Services.Sum(service =>
        Scalar(service, "SELECT COUNT(*) FROM outbox_messages WHERE SentAt IS NULL AND DeadLettered = 0"));

    public Outcome Measure(DateTimeOffset faultsStarted)
    {
        var cutoff = faultsStarted.ToUnixTimeMilliseconds();
        Dictionary<string, (string Type, long CreatedAt)> published = [];
        HashSet<(string Id, string Consumer)> records = [];
        long deadLettered = 0;
        foreach (var service in Services)
        {
            using var connection = Open(system, service);
            foreach (var row in Rows(connection, "SELECT MessageId, MessageType, CreatedAt, DeadLettered FROM outbox_messages"))
            {
                published[row[0]] = (row[1], long.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture));
                if (row[3] != "0") deadLettered++;
            }
            foreach (var row in Rows(connection, "SELECT MessageId, Consumer FROM inbox_messages"))
                records.Add((row[0], $"{service}:{row[1]}"));
        }

        // Which consumers applied every message of a type written before the faults.
        var consumersOf = records.Where(r => published.ContainsKey(r.Id))
            .GroupBy(r => published[r.Id].Type)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Consumer).ToHashSet());
        List<(string Type, string Consumer)> pairs = [];
        foreach (var (type, consumers) in consumersOf)
        {
            var before = published.Where(p => p.Value.Type == type && p.Value.CreatedAt < cutoff).Select(p => p.Key)
                .ToList();
            if (before.Count == 0) continue;
            pairs.AddRange(consumers.Where(c => before.All(id => records.Contains((id, c)))).Select(c => (type, c)));
        }

        List<string> lost = [];
        long checkedCount = 0;
        foreach (var (type, consumer) in pairs)
        {
            foreach (var (id, _) in published.Where(p => p.Value.Type == type && p.Value.CreatedAt >= cutoff))
            {
                checkedCount++;
                if (!records.Contains((id, consumer))) lost.Add($"{ShortType(type)} {id} never applied by {consumer}");
            }
        }

        using var collaboration = Open(system, "collaboration");
        var doubled = Rows(collaboration, """
            SELECT Kind, COALESCE(AgentId, TaskId, PhaseId, InitiativeId, ErrandId, ''), OccurredAt, COUNT(*)
            FROM feed_entries GROUP BY Kind, AgentId, TaskId, PhaseId, InitiativeId, ErrandId, OccurredAt, Payload
            HAVING COUNT(*) > 1
            """).Select(r => $"feed entry {r[0]} of {r[1]} at {r[2]} x{r[3]}").ToList();

        var after = published.Count(p => p.Value.CreatedAt >= cutoff);
        return new Outcome(after, records.Count(r => published.TryGetValue(r.Id, out var p) && p.CreatedAt >= cutoff),
            pairs.Count, checkedCount, lost, doubled, Pending(), deadLettered);
    }

    /// <summary>The latest published event some consumer applied, and that consumer ("service:Type").</summary>
    public (DuplicateAndPoison.Message Message, string Consumer)? AppliedEvent()
    {
        foreach (var service in Services)
        {
            using var connection = Open(system, service);
            foreach (var row in Rows(connection,
                "SELECT MessageId, MessageType, Body FROM outbox_messages "
                + "WHERE Destination IS NULL AND SentAt IS NOT NULL ORDER BY Sequence DESC LIMIT 50"))
            {
                var consumer = Services.SelectMany(other => ConsumersOf(other, row[0])).FirstOrDefault();
                if (consumer is not null) return (new DuplicateAndPoison.Message(row[0], row[1], row[2]), consumer);
            }
        }
        return null;
    }

    /// <summary>Inbox records of a message over every service, and Collaboration's feed entries.</summary>
    public (long Records, long FeedEntries) Effects(string messageId) => (
        Services.Sum(service => Scalar(service, $"SELECT COUNT(*) FROM inbox_messages WHERE MessageId = '{messageId}'")),
        Scalar("collaboration", "SELECT COUNT(*) FROM feed_entries"));

    private List<string> ConsumersOf(string service, string messageId)
    {
        using var connection = Open(system, service);
        return Rows(connection, $"SELECT Consumer FROM inbox_messages WHERE MessageId = '{messageId}'")
            .Select(r => $"{service}:{r[0]}").ToList();
    }

    private static string ShortType(string type) => type.Split(',')[0].Split('.', ':').Last();

    private long Scalar(string service, string sql)
    {
        using var connection = Open(system, service);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<string[]> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        List<string[]> rows = [];
        while (reader.Read())
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i),
                System.Globalization.CultureInfo.InvariantCulture) ?? "")]);
        return rows;
    }
}
