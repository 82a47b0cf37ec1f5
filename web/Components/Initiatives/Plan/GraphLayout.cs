using System.Globalization;

namespace Codewalkers.Web.Components.Initiatives.Plan;

/// <summary>One box of a dependency graph: a phase or a task.</summary>
public sealed record GraphNode(string Id, string Label, string Status, string? Note = null);

/// <summary>A box where the layout put it (pixels, top-left corner).</summary>
public sealed record PlacedNode(GraphNode Node, int Column, int Row, int X, int Y);

/// <summary>An arrow from what is depended on (left) to what depends on it (right), as an SVG path.</summary>
public sealed record PlacedEdge(string From, string To, string Path);

/// <summary>
/// A left-to-right picture of a dependency graph: each node sits in the column of its depth (one more than the
/// deepest thing it depends on), so everything a node waits for is to its left. Within a column, nodes are ordered by
/// where what they depend on sits, which keeps most arrows short and uncrossed without a full layout engine; 50 phases
/// or 40 tasks stay a few columns of boxes the page can scroll.
/// </summary>
public sealed class GraphLayout
{
    public const int BoxWidth = 210;
    public const int BoxHeight = 58;
    public const int ColumnGap = 70;
    public const int RowGap = 14;

    public required IReadOnlyList<PlacedNode> Nodes { get; init; }
    public required IReadOnlyList<PlacedEdge> Edges { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }

    /// <param name="nodes">In their natural order (creation, task order): ties keep it.</param>
    /// <param name="dependencies">(From, To): From depends on To; edges to nodes not given are left out.</param>
    public static GraphLayout Compute(IReadOnlyList<GraphNode> nodes, IEnumerable<(string From, string To)> dependencies)
    {
        var index = nodes.Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var edges = dependencies.Where(d => index.ContainsKey(d.From) && index.ContainsKey(d.To) && d.From != d.To)
            .Distinct().ToList();
        var dependsOn = edges.ToLookup(e => e.From, e => e.To);
        var depth = Depths(nodes, dependsOn);

        var rowOf = new Dictionary<string, double>();
        var placed = new List<PlacedNode>();
        foreach (var column in nodes.GroupBy(n => depth[n.Id]).OrderBy(g => g.Key))
        {
            // Order by the mean row of what each node depends on (already placed: they are to the left).
            var ordered = column
                .Select(n => (Node: n, Key: dependsOn[n.Id].Where(rowOf.ContainsKey).Select(d => rowOf[d])
                    .DefaultIfEmpty(double.MaxValue)
                    .Average()))
                .OrderBy(x => x.Key).ThenBy(x => index[x.Node.Id]).Select(x => x.Node).ToList();
            for (var row = 0; row < ordered.Count; row++)
            {
                var node = ordered[row];
                rowOf[node.Id] = row;
                placed.Add(new PlacedNode(node, column.Key, row, column.Key * (BoxWidth + ColumnGap),
                    row * (BoxHeight + RowGap)));
            }
        }

        var at = placed.ToDictionary(p => p.Node.Id);
        var paths = edges.Select(e => new PlacedEdge(e.From, e.To, Path(at[e.To], at[e.From]))).ToList();
        return new GraphLayout
        {
            Nodes = placed,
            Edges = paths,
            Width = placed.Count == 0 ? 0 : placed.Max(p => p.X) + BoxWidth + 2,
            Height = placed.Count == 0 ? 0 : placed.Max(p => p.Y) + BoxHeight + 2,
        };
    }

    /// <summary>Depth by dependency; a cycle (the service refuses them, old data might not) counts as depth 0.</summary>
    private static Dictionary<string, int> Depths(IReadOnlyList<GraphNode> nodes, ILookup<string, string> dependsOn)
    {
        var depth = new Dictionary<string, int>();
        var visiting = new HashSet<string>();
        foreach (var node in nodes) Visit(node.Id);
        return depth;

        int Visit(string id)
        {
            if (depth.TryGetValue(id, out var known)) return known;
            if (!visiting.Add(id)) return -1;
            var value = dependsOn[id].Select(Visit).DefaultIfEmpty(-1).Max() + 1;
            visiting.Remove(id);
            return depth[id] = value;
        }
    }

    /// <summary>A curve from the right middle of <paramref name="from"/> to the left middle of <paramref name="to"/>.</summary>
    private static string Path(PlacedNode from, PlacedNode to)
    {
        var x1 = from.X + BoxWidth;
        var y1 = from.Y + BoxHeight / 2;
        var x2 = to.X - 4;
        var y2 = to.Y + BoxHeight / 2;
        var bend = Math.Max(24, (x2 - x1) / 2);
        return string.Create(CultureInfo.InvariantCulture,
            $"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}");
    }
}
