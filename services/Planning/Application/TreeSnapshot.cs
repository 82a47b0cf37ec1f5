using System.Buffers;

namespace Codewalkers.Planning.Application;

/// <summary>
/// One initiative's tree as the tree cache keeps it: every phase and task already serialized on its own, and the
/// dependencies by dependent. A write that touches a few rows is applied by re-reading and re-serializing only those
/// (<see cref="Patch"/>); the answer is written by copying those bytes, never assembled into one large array.
/// Immutable: a patch makes a new snapshot.
/// </summary>
public sealed class TreeSnapshot
{
    private static readonly byte[] Comma = ","u8.ToArray();
    private static readonly byte[] BetweenPhasesAndTasks = "],\"tasks\":["u8.ToArray();
    private static readonly byte[] BeforePhaseDependencies = "],\"phaseDependencies\":["u8.ToArray();
    private static readonly byte[] BeforeTaskDependencies = "],\"taskDependencies\":["u8.ToArray();
    private static readonly byte[] End = "]}"u8.ToArray();

    private readonly byte[] _start;
    private readonly IReadOnlyDictionary<string, TreeRow> _phases;
    private readonly IReadOnlyDictionary<string, TreeRow> _tasks;
    private readonly IReadOnlyDictionary<string, TreeEdges> _phaseEdges;
    private readonly IReadOnlyDictionary<string, TreeEdges> _taskEdges;
    private readonly TreeRow[] _phaseOrder;
    private readonly TreeRow[] _taskOrder;

    private TreeSnapshot(
        TreeHeader header, byte[] start, IReadOnlyDictionary<string, TreeRow> phases, TreeRow[] phaseOrder,
        IReadOnlyDictionary<string, TreeEdges> phaseEdges,
        IReadOnlyDictionary<string, TreeRow> tasks, TreeRow[] taskOrder,
        IReadOnlyDictionary<string, TreeEdges> taskEdges)
    {
        Header = header;
        _start = start;
        _phases = phases;
        _tasks = tasks;
        _phaseEdges = phaseEdges;
        _taskEdges = taskEdges;
        _phaseOrder = phaseOrder;
        _taskOrder = taskOrder;
        var counter = new Counter();
        Visit(ref counter);
        Length = counter.Length;
    }

    public TreeHeader Header { get; }

    /// <summary>The length of the JSON answer in bytes.</summary>
    public long Length { get; }

    public bool HasPhase(string id) => _phases.ContainsKey(id);

    public bool HasTask(string id) => _tasks.ContainsKey(id);

    internal static TreeSnapshot Create(
        TreeHeader header, IEnumerable<TreeRow> phases, IEnumerable<(string From, string To)> phaseEdges,
        IEnumerable<TreeRow> tasks, IEnumerable<(string From, string To)> taskEdges, TreeJson json)
    {
        var phaseRows = phases.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var taskRows = tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        return new(header, json.Start(header), phaseRows, InOrder(phaseRows.Values),
            WithEdges(Empty, NoIds, phaseEdges, phaseRows, json),
            taskRows, InOrder(taskRows.Values), WithEdges(Empty, NoIds, taskEdges, taskRows, json));
    }

    /// <summary>
    /// This tree with the rows named in <paramref name="phaseIds"/> and <paramref name="taskIds"/> replaced by what was
    /// read for them now (an id not read again is gone) and every dependency touching them replaced likewise.
    /// </summary>
    internal TreeSnapshot Patch(
        TreeHeader header, IReadOnlySet<string> phaseIds, IEnumerable<TreeRow> phases,
        IEnumerable<(string From, string To)> phaseEdges,
        IReadOnlySet<string> taskIds, IEnumerable<TreeRow> tasks, IEnumerable<(string From, string To)> taskEdges,
            TreeJson json)
    {
        var (phaseRows, phaseOrder, phaseDependencies) = phaseIds.Count == 0
            ? (_phases, _phaseOrder, _phaseEdges)
            : Patched(_phases, _phaseOrder, _phaseEdges, phaseIds, [.. phases], phaseEdges, json);
        var (taskRows, taskOrder, taskDependencies) = taskIds.Count == 0
            ? (_tasks, _taskOrder, _taskEdges)
            : Patched(_tasks, _taskOrder, _taskEdges, taskIds, [.. tasks], taskEdges, json);
        return new(header, header == Header ? _start : json.Start(header), phaseRows, phaseOrder, phaseDependencies,
            taskRows, taskOrder, taskDependencies);
    }

    /// <summary>Writes the JSON answer: the stored pieces, copied.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        var copier = new Copier(output);
        Visit(ref copier);
        copier.Flush();
    }

    private static (IReadOnlyDictionary<string, TreeRow>, TreeRow[], IReadOnlyDictionary<string, TreeEdges>) Patched(
        IReadOnlyDictionary<string, TreeRow> rows, TreeRow[] order, IReadOnlyDictionary<string, TreeEdges> edges,
        IReadOnlySet<string> ids, List<TreeRow> fresh, IEnumerable<(string From, string To)> freshEdges, TreeJson json)
    {
        var patched = WithRows(rows, ids, fresh);
        return (patched, Reordered(order, ids, fresh), WithEdges(edges, ids, freshEdges, patched, json));
    }

    private static readonly IReadOnlyDictionary<string, TreeEdges> Empty = new Dictionary<string, TreeEdges>();
    private static readonly IReadOnlySet<string> NoIds = new HashSet<string>();

    private static IReadOnlyDictionary<string, TreeRow> WithRows(
        IReadOnlyDictionary<string, TreeRow> rows, IReadOnlySet<string> ids, IEnumerable<TreeRow> fresh)
    {
        if (ids.Count == 0) return rows;
        var result = new Dictionary<string, TreeRow>(rows, StringComparer.Ordinal);
        foreach (var id in ids) result.Remove(id);
        foreach (var row in fresh) result[row.Id] = row;
        return result;
    }

    /// <summary>
    /// Drops every edge touching <paramref name="ids"/>, then adds the fresh ones between rows of this tree; targets
    /// sorted for a stable answer.
    /// </summary>
    private static Dictionary<string, TreeEdges> WithEdges(
        IReadOnlyDictionary<string, TreeEdges> edges, IReadOnlySet<string> ids,
        IEnumerable<(string From, string To)> fresh,
        IReadOnlyDictionary<string, TreeRow> rows, TreeJson json)
    {
        var result = new Dictionary<string, TreeEdges>(edges.Count, StringComparer.Ordinal);
        foreach (var (from, existing) in edges)
        {
            if (ids.Contains(from)) continue;
            if (!existing.Targets.Any(ids.Contains)) result[from] = existing;
            else if (existing.Targets.Where(t => !ids.Contains(t))
                .ToArray() is { Length: > 0 } kept) result[from] = json.Edges(from, kept);
        }
        foreach (var group in fresh.Where(e => rows.ContainsKey(e.From) && rows.ContainsKey(e.To))
            .GroupBy(e => e.From, StringComparer.Ordinal))
        {
            var targets = result.TryGetValue(group.Key, out var existing)
                ? existing.Targets.Concat(group.Select(e => e.To)) : group.Select(e => e.To);
            result[group.Key] = json.Edges(group.Key,
                [.. targets.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
        }
        return result;
    }

    /// <summary>The order the tree has always answered in: by phase (none first), order, age, then id.</summary>
    private static readonly Comparer<TreeRow> Order = Comparer<TreeRow>.Create(static (a, b) =>
    {
        var c = string.CompareOrdinal(a.Group, b.Group);
        if (c == 0) c = a.Order.CompareTo(b.Order);
        if (c == 0) c = a.CreatedAt.CompareTo(b.CreatedAt);
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    });

    private static TreeRow[] InOrder(IEnumerable<TreeRow> rows)
    {
        var ordered = rows.ToArray();
        Array.Sort(ordered, Order);
        return ordered;
    }

    /// <summary>
    /// <paramref name="order"/> without the rows <paramref name="ids"/> and with <paramref name="fresh"/> put in place:
    /// no full sort for a few rows.
    /// </summary>
    private static TreeRow[] Reordered(TreeRow[] order, IReadOnlySet<string> ids, List<TreeRow> fresh)
    {
        var rows = new List<TreeRow>(order.Length + fresh.Count);
        rows.AddRange(order.Where(r => !ids.Contains(r.Id)));
        foreach (var row in fresh)
        {
            var at = rows.BinarySearch(row, Order);
            rows.Insert(at < 0 ? ~at : at, row);
        }
        return [.. rows];
    }

    /// <summary>
    /// Visits the answer's byte pieces in order, commas included; plain loops, as this runs for every read.
    /// </summary>
    private void Visit<TVisitor>(ref TVisitor visitor) where TVisitor : struct, IPieceVisitor, allows ref struct
    {
        visitor.Put(_start);
        Rows(ref visitor, _phaseOrder);
        visitor.Put(BetweenPhasesAndTasks);
        Rows(ref visitor, _taskOrder);
        visitor.Put(BeforePhaseDependencies);
        Edges(ref visitor, _phaseOrder, _phaseEdges);
        visitor.Put(BeforeTaskDependencies);
        Edges(ref visitor, _taskOrder, _taskEdges);
        visitor.Put(End);
    }

    private static void Rows<TVisitor>(ref TVisitor visitor, TreeRow[] rows) where TVisitor : struct, IPieceVisitor,
        allows ref struct
    {
        for (var i = 0; i < rows.Length; i++)
        {
            if (i > 0) visitor.Put(Comma);
            visitor.Put(rows[i].Json);
        }
    }

    /// <summary>Dependencies listed by dependent, in the order the dependents appear in the tree.</summary>
    private static void Edges<TVisitor>(
        ref TVisitor visitor, TreeRow[] order, IReadOnlyDictionary<string, TreeEdges> edges)
        where TVisitor : struct, IPieceVisitor, allows ref struct
    {
        var first = true;
        foreach (var row in order)
        {
            if (!edges.TryGetValue(row.Id, out var dependencies)) continue;
            if (!first) visitor.Put(Comma);
            first = false;
            visitor.Put(dependencies.Json);
        }
    }

    private interface IPieceVisitor
    {
        void Put(byte[] piece);
    }

    private struct Counter : IPieceVisitor
    {
        public long Length;

        public void Put(byte[] piece) => Length += piece.Length;
    }

    /// <summary>
    /// Copies pieces into the output in chunks of at least 16 KB, so the output is asked for space rarely.
    /// </summary>
    private ref struct Copier(IBufferWriter<byte> output) : IPieceVisitor
    {
        private Span<byte> _span;
        private int _used;

        public void Put(byte[] piece)
        {
            if (piece.Length > _span.Length - _used)
            {
                Flush();
                _span = output.GetSpan(Math.Max(piece.Length, 16 * 1024));
            }
            piece.CopyTo(_span[_used..]);
            _used += piece.Length;
        }

        public void Flush()
        {
            if (_used > 0) output.Advance(_used);
            _span = default;
            _used = 0;
        }
    }
}

/// <summary>The initiative's own fields in the tree.</summary>
public sealed record TreeHeader(string InitiativeId, string Name, string Status);

/// <summary>
/// The dependencies of one phase or task, and their JSON objects ({"from":..,"to":..} joined by commas).
/// </summary>
public sealed record TreeEdges(string[] Targets, byte[] Json);

/// <summary>
/// A phase or task of the tree: what orders it, and its serialized JSON. Phases have no group and order 0.
/// </summary>
public sealed record TreeRow(string Id, string? Group, int Order, DateTimeOffset CreatedAt, byte[] Json);
