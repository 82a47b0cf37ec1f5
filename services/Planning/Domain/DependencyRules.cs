using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Domain;

/// <summary>What phase and task dependencies share: same initiative, no self-dependency, no cycle.</summary>
internal static class DependencyRules
{
    /// <summary>
    /// Throws unless "<paramref name="fromId"/> depends on <paramref name="toId"/>" may be added to <paramref
    /// name="graph"/>.
    /// </summary>
    public static void CheckCanAdd(
        string kind, string fromId, string? fromInitiative, string toId, string? toInitiative, DependencyGraph graph)
    {
        if (fromInitiative != toInitiative)
            throw new ValidationException("dependsOn",
                $"{kind} '{fromId}' cannot depend on {kind.ToLowerInvariant()} '{toId}': they belong to different " +
                    "initiatives.");
        if (fromId == toId)
            throw new ConflictException($"{kind} '{fromId}' cannot depend on itself.", "Dependency cycle");
        if (graph.CycleIfAdded(fromId, toId) is { } cycle)
            throw new ConflictException(
                $"{kind} '{fromId}' cannot depend on '{toId}': that would close the cycle " +
                $"{string.Join(" -> ", cycle)}.", "Dependency cycle");
    }
}
