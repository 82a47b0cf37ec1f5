using System.Reflection;

namespace Codewalkers.Architecture.Tests.Dependencies;

/// <summary>The dependency graph as the compiler wrote it into each assembly's metadata.</summary>
public static class CompiledReferences
{
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Of(IEnumerable<Assembly> assemblies) =>
        assemblies.ToDictionary(
            a => a.GetName().Name!,
            a => (IReadOnlySet<string>)a.GetReferencedAssemblies()
                .Select(r => r.Name!)
                .ToHashSet(StringComparer.Ordinal));

    /// <summary>
    /// Loads a project's output by name; the test project references every production project for this.
    /// </summary>
    public static Assembly Load(string assemblyName)
    {
        try
        {
            return Assembly.Load(new AssemblyName(assemblyName));
        }
        catch (FileNotFoundException ex)
        {
            throw new InvalidOperationException(
                $"{assemblyName} is not next to the architecture tests; "
                + "add a ProjectReference to it in Architecture.Tests.csproj.",
                ex);
        }
    }
}
