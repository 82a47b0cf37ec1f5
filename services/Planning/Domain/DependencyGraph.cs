namespace Codewalkers.Planning.Domain;

/// <summary>
/// "X depends on Y" edges among the phases (or tasks) of one initiative. Adding X -> Y closes a cycle exactly when
/// Y already reaches X; <see cref="PathBetween"/> finds that path so the refusal can say which.
/// </summary>
public sealed class DependencyGraph
{
    private readonly Dictionary<string, List<string>> _dependsOn = new(StringComparer.Ordinal);

    public DependencyGraph(IEnumerable<(string From, string To)> edges)
    {
        foreach (var (from, to) in edges) Add(from, to);
    }

    public void Add(string from, string to)
    {
        if (!_dependsOn.TryGetValue(from, out var targets)) _dependsOn[from] = targets = [];
        targets.Add(to);
    }

    public bool Contains(string from, string to) => _dependsOn.TryGetValue(from, out var targets)
        && targets.Contains(to);

    /// <summary>
    /// The dependency path from <paramref name="from"/> to <paramref name="to"/> (both included), or null.
    /// </summary>
    public IReadOnlyList<string>? PathBetween(string from, string to)
    {
        if (from == to) return [from];
        var cameFrom = new Dictionary<string, string>(StringComparer.Ordinal) { [from] = from };
        var queue = new Queue<string>();
        queue.Enqueue(from);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (!_dependsOn.TryGetValue(current, out var next)) continue;
            foreach (var node in next)
            {
                if (!cameFrom.TryAdd(node, current)) continue;
                if (node == to) return Unwind(cameFrom, from, to);
                queue.Enqueue(node);
            }
        }
        return null;
    }

    /// <summary>
    /// The cycle adding <paramref name="from"/> -> <paramref name="to"/> would close (from, to, ..., from), or null.
    /// </summary>
    public IReadOnlyList<string>? CycleIfAdded(string from, string to) =>
        PathBetween(to, from) is { } back ? [from, .. back] : null;

    private static List<string> Unwind(Dictionary<string, string> cameFrom, string from, string to)
    {
        var path = new List<string> { to };
        for (var node = to; node != from;)
        {
            node = cameFrom[node];
            path.Add(node);
        }
        path.Reverse();
        return path;
    }
}
