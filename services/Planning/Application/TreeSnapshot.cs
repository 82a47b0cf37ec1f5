using System.Buffers;
using System.Text.Json;

namespace Codewalkers.Planning.Application;

/// <summary>
/// One initiative's tree as the tree cache keeps it: every phase and task already serialized on its own, and the
/// dependencies by dependent. A write that touches a few rows is applied by re-reading and re-serializing only those
/// (<see cref="Patch"/>); the answer is then assembled by copying bytes. Immutable: a patch makes a new snapshot.
/// </summary>
public sealed class TreeSnapshot
{
    private readonly IReadOnlyDictionary<string, TreeRow> _phases;
    private readonly IReadOnlyDictionary<string, TreeRow> _tasks;
    private readonly IReadOnlyDictionary<string, string[]> _phaseEdges;
    private readonly IReadOnlyDictionary<string, string[]> _taskEdges;
    private readonly TreeRow[] _phaseOrder;
    private readonly TreeRow[] _taskOrder;

    private TreeSnapshot(
        TreeHeader header, IReadOnlyDictionary<string, TreeRow> phases, TreeRow[]? phaseOrder, IReadOnlyDictionary<string, string[]> phaseEdges,
        IReadOnlyDictionary<string, TreeRow> tasks, TreeRow[]? taskOrder, IReadOnlyDictionary<string, string[]> taskEdges, JsonWriterOptions options)
    {
        Header = header;
        _phases = phases;
        _tasks = tasks;
        _phaseEdges = phaseEdges;
        _taskEdges = taskEdges;
        _phaseOrder = phaseOrder ?? InOrder(phases.Values);
        _taskOrder = taskOrder ?? InOrder(tasks.Values);
        Json = Write(options);
    }

    public TreeHeader Header { get; }

    /// <summary>The response body, ready to copy.</summary>
    public byte[] Json { get; }

    public bool HasPhase(string id) => _phases.ContainsKey(id);

    public bool HasTask(string id) => _tasks.ContainsKey(id);

    internal static TreeSnapshot Create(
        TreeHeader header, IEnumerable<TreeRow> phases, IEnumerable<(string From, string To)> phaseEdges,
        IEnumerable<TreeRow> tasks, IEnumerable<(string From, string To)> taskEdges, JsonWriterOptions options)
    {
        var phaseRows = phases.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var taskRows = tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        return new(header, phaseRows, null, WithEdges(Empty, NoIds, phaseEdges, phaseRows),
            taskRows, null, WithEdges(Empty, NoIds, taskEdges, taskRows), options);
    }

    /// <summary>
    /// This tree with the rows named in <paramref name="phaseIds"/> and <paramref name="taskIds"/> replaced by what was
    /// read for them now (an id not read again is gone) and every dependency touching them replaced likewise.
    /// </summary>
    internal TreeSnapshot Patch(
        TreeHeader header, IReadOnlySet<string> phaseIds, IEnumerable<TreeRow> phases, IEnumerable<(string From, string To)> phaseEdges,
        IReadOnlySet<string> taskIds, IEnumerable<TreeRow> tasks, IEnumerable<(string From, string To)> taskEdges, JsonWriterOptions options)
    {
        var phaseRows = WithRows(_phases, phaseIds, phases);
        var taskRows = WithRows(_tasks, taskIds, tasks);
        return new(header,
            phaseRows, phaseIds.Count == 0 ? _phaseOrder : null, phaseIds.Count == 0 ? _phaseEdges : WithEdges(_phaseEdges, phaseIds, phaseEdges, phaseRows),
            taskRows, taskIds.Count == 0 ? _taskOrder : null, taskIds.Count == 0 ? _taskEdges : WithEdges(_taskEdges, taskIds, taskEdges, taskRows),
            options);
    }

    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();
    private static readonly IReadOnlySet<string> NoIds = new HashSet<string>();

    private static IReadOnlyDictionary<string, TreeRow> WithRows(IReadOnlyDictionary<string, TreeRow> rows, IReadOnlySet<string> ids, IEnumerable<TreeRow> fresh)
    {
        if (ids.Count == 0) return rows;
        var result = new Dictionary<string, TreeRow>(rows, StringComparer.Ordinal);
        foreach (var id in ids) result.Remove(id);
        foreach (var row in fresh) result[row.Id] = row;
        return result;
    }

    /// <summary>Drops every edge touching <paramref name="ids"/>, then adds the fresh ones between rows of this tree; targets sorted for a stable answer.</summary>
    private static Dictionary<string, string[]> WithEdges(
        IReadOnlyDictionary<string, string[]> edges, IReadOnlySet<string> ids, IEnumerable<(string From, string To)> fresh, IReadOnlyDictionary<string, TreeRow> rows)
    {
        var result = new Dictionary<string, string[]>(edges.Count, StringComparer.Ordinal);
        foreach (var (from, targets) in edges)
        {
            if (ids.Contains(from)) continue;
            var kept = targets.Any(ids.Contains) ? [.. targets.Where(t => !ids.Contains(t))] : targets;
            if (kept.Length > 0) result[from] = kept;
        }
        foreach (var group in fresh.Where(e => rows.ContainsKey(e.From) && rows.ContainsKey(e.To)).GroupBy(e => e.From, StringComparer.Ordinal))
        {
            var targets = result.TryGetValue(group.Key, out var existing) ? existing.Concat(group.Select(e => e.To)) : group.Select(e => e.To);
            result[group.Key] = [.. targets.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }
        return result;
    }

    /// <summary>The order the tree has always answered in: by phase (none first), order, age, then id.</summary>
    private static TreeRow[] InOrder(IEnumerable<TreeRow> rows)
    {
        var ordered = rows.ToArray();
        Array.Sort(ordered, static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Group, b.Group);
            if (c == 0) c = a.Order.CompareTo(b.Order);
            if (c == 0) c = a.CreatedAt.CompareTo(b.CreatedAt);
            return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
        });
        return ordered;
    }

    private byte[] Write(JsonWriterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(_taskOrder.Sum(t => t.Json.Length + 1) + _phaseOrder.Sum(p => p.Json.Length + 1) + 64 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartObject();
            writer.WriteString(TreeJson.InitiativeId, Header.InitiativeId);
            writer.WriteString(TreeJson.Name, Header.Name);
            writer.WriteString(TreeJson.Status, Header.Status);
            WriteRows(writer, TreeJson.Phases, _phaseOrder);
            WriteRows(writer, TreeJson.Tasks, _taskOrder);
            WriteEdges(writer, TreeJson.PhaseDependencies, _phaseOrder, _phaseEdges);
            WriteEdges(writer, TreeJson.TaskDependencies, _taskOrder, _taskEdges);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteRows(Utf8JsonWriter writer, JsonEncodedText name, TreeRow[] rows)
    {
        writer.WriteStartArray(name);
        foreach (var row in rows) writer.WriteRawValue(row.Json, skipInputValidation: true);
        writer.WriteEndArray();
    }

    /// <summary>Dependencies listed by dependent, in the order the dependents appear in the tree.</summary>
    private static void WriteEdges(Utf8JsonWriter writer, JsonEncodedText name, TreeRow[] order, IReadOnlyDictionary<string, string[]> edges)
    {
        writer.WriteStartArray(name);
        foreach (var row in order)
        {
            if (!edges.TryGetValue(row.Id, out var targets)) continue;
            foreach (var target in targets)
            {
                writer.WriteStartObject();
                writer.WriteString(TreeJson.From, row.Id);
                writer.WriteString(TreeJson.To, target);
                writer.WriteEndObject();
            }
        }
        writer.WriteEndArray();
    }
}

/// <summary>The initiative's own fields in the tree.</summary>
public sealed record TreeHeader(string InitiativeId, string Name, string Status);

/// <summary>A phase or task of the tree: what orders it, and its serialized JSON. Phases have no group and order 0.</summary>
public sealed record TreeRow(string Id, string? Group, int Order, DateTimeOffset CreatedAt, byte[] Json);
