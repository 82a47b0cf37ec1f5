using Codewalkers.Web.Components.Initiatives.Plan;

namespace Codewalkers.Web.Tests.Plan;

public sealed class GraphLayoutTests
{
    [Fact]
    public void Everything_a_node_waits_for_is_in_a_column_to_its_left()
    {
        GraphNode[] nodes = [new("c", "C", "pending"), new("a", "A", "pending"), new("b", "B", "pending"),
            new("d", "D", "pending")];
        // c waits for b and a, b waits for a; d waits for nothing.
        var layout = GraphLayout.Compute(nodes, [("c", "b"), ("b", "a"), ("c", "a")]);

        var column = layout.Nodes.ToDictionary(n => n.Node.Id, n => n.Column);
        Assert.Equal(0, column["a"]);
        Assert.Equal(0, column["d"]);
        Assert.Equal(1, column["b"]);
        Assert.Equal(2, column["c"]);
        Assert.Equal(3, layout.Edges.Count);
        Assert.Equal(3 * GraphLayout.BoxWidth + 2 * GraphLayout.ColumnGap + 2, layout.Width);
    }

    [Fact]
    public void Fifty_phases_in_a_chain_of_five_stay_five_columns_of_ten()
    {
        var nodes = Enumerable.Range(0, 50).Select(i => new GraphNode($"p{i}", $"Phase {i}", "pending")).ToList();
        var dependencies = Enumerable.Range(10, 40).Select(i => ($"p{i}", $"p{i - 10}"));

        var layout = GraphLayout.Compute(nodes, dependencies);

        Assert.Equal(5, layout.Nodes.Select(n => n.Column).Distinct().Count());
        Assert.All(layout.Nodes, n => Assert.InRange(n.Row, 0, 9));
        // Each phase lines up with the one it waits for, so no arrow crosses another.
        Assert.All(layout.Nodes.Where(n => n.Column > 0),
            n => Assert.Equal(layout.Nodes.Single(m => m.Node.Id == $"p{int.Parse(n.Node.Id[1..]) - 10}").Row, n.Row));
    }

    [Fact]
    public void A_cycle_in_old_data_is_drawn_rather_than_failing()
    {
        var layout = GraphLayout.Compute([new("a", "A", "pending"), new("b", "B", "pending")], [("a", "b"), ("b", "a")]);

        Assert.Equal(2, layout.Nodes.Count);
    }
}
