namespace Codewalkers.Planning.Domain;

/// <summary>
/// A plan entity that waits for others of its own kind in the same initiative: phases for phases, tasks for tasks.
/// The endpoints for dependencies, reads, deletes and transitions are written once against it.
/// </summary>
public interface IDependent<in T> where T : IDependent<T>
{
    /// <summary>"Phase" or "Task": in route names, summaries and problems.</summary>
    static abstract string Kind { get; }

    string Id { get; }
    string InitiativeId { get; }
    IEnumerable<string> DependsOn { get; }

    /// <summary>
    /// Adds "this depends on <paramref name="other"/>", refusing a cycle or another initiative; false when it already
    /// does.
    /// </summary>
    bool DependOn(T other, DependencyGraph graph, DateTimeOffset now);

    /// <summary>Removes one dependency, or a 404 when there is none.</summary>
    void RemoveDependency(string dependsOnId, DateTimeOffset now);
}
