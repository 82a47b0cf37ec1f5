using Codewalkers.Planning.Domain;

namespace Codewalkers.Planning.Tests.Domain;

public sealed class DependencyGraphTests
{
    [Fact]
    public void Adding_an_edge_back_to_the_start_of_a_chain_reports_the_whole_cycle()
    {
        var graph = new DependencyGraph([("a", "b"), ("b", "c"), ("c", "d")]);

        Assert.Equal(["d", "a", "b", "c", "d"], graph.CycleIfAdded("d", "a"));
    }

    [Fact]
    public void An_edge_that_closes_no_cycle_is_allowed_even_in_a_diamond()
    {
        var graph = new DependencyGraph([("d", "b"), ("d", "c"), ("b", "a"), ("c", "a")]);

        Assert.Null(graph.CycleIfAdded("e", "d"));
        Assert.Null(graph.CycleIfAdded("b", "c"));
    }

    [Fact]
    public void A_self_dependency_is_a_cycle_of_one()
    {
        Assert.Equal(["a", "a"], new DependencyGraph([]).CycleIfAdded("a", "a"));
    }

    [Fact]
    public void The_path_follows_dependencies_not_dependents()
    {
        var graph = new DependencyGraph([("a", "b")]);

        Assert.Equal(["a", "b"], graph.PathBetween("a", "b"));
        Assert.Null(graph.PathBetween("b", "a"));
    }

    [Fact]
    public void A_long_chain_is_walked_without_recursion()
    {
        var edges = Enumerable.Range(0, 50_000).Select(i => ($"t{i}", $"t{i + 1}"));
        var graph = new DependencyGraph(edges);

        Assert.Equal(50_002, graph.CycleIfAdded("t50000", "t0")!.Count);
    }
}
