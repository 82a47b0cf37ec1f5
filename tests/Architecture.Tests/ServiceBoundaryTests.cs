using Codewalkers.Architecture.Tests.Dependencies;
using NetArchTest.Rules;

namespace Codewalkers.Architecture.Tests;

/// <summary>
/// The real solution obeys the reference rule, seen three ways: project files, compiled metadata and IL.
/// </summary>
public sealed class ServiceBoundaryTests
{
    private static readonly IReadOnlyList<ProjectInfo> Projects = ProjectFiles.Discover(Repository.Root);
    private static readonly IReadOnlySet<string> Services =
        Projects.Where(p => p.IsService).Select(p => p.AssemblyName).ToHashSet();

    /// <summary>Services and shared building blocks: the assemblies the rule is about.</summary>
    private static IEnumerable<string> Governed => Projects.Select(p => p.AssemblyName)
        .Where(name => Services.Contains(name) || Boundaries.Shared.Contains(name));

    [Fact]
    public void Every_service_and_shared_project_is_found_so_the_checks_are_not_vacuous()
    {
        Assert.Superset(Boundaries.KnownServices.ToHashSet(), Services.ToHashSet());
        Assert.Superset(Boundaries.Shared.ToHashSet(), Projects.Select(p => p.AssemblyName).ToHashSet());
        Assert.DoesNotContain(Services, Boundaries.Shared.Contains);
    }

    [Fact]
    public void Project_files_reference_no_other_service()
    {
        var map = ProjectFiles.Dependencies(Repository.Root, Projects);
        AssertNoViolations(Boundaries.Violations(map, Services), "csproj references");
    }

    [Fact]
    public void Compiled_assemblies_reference_no_other_service()
    {
        var map = CompiledReferences.Of(Governed.Select(CompiledReferences.Load));
        // Sanity: the map really holds Codewalkers edges (Planning uses ServiceDefaults),
        // so an empty result means something.
        Assert.Contains(Boundaries.ServiceDefaults, map["Codewalkers.Planning"]);
        AssertNoViolations(Boundaries.Violations(map, Services), "compiled assembly references");
    }

    public static TheoryData<string> ServiceNames() => [.. Boundaries.KnownServices.Order()];

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void No_type_of_a_service_uses_a_type_of_another_service(string service)
    {
        var assembly = CompiledReferences.Load(service);
        // Sanity: the IL scan does see this service's allowed use of ServiceDefaults, so a pass below means something.
        Assert.NotEmpty(Types.InAssembly(assembly).That().HaveDependencyOn(Boundaries.ServiceDefaults).GetTypes());

        var others = Services.Where(s => s != service).Order().ToArray();
        var result = Types.InAssembly(assembly)
            .ShouldNot().HaveDependencyOnAny(others)
            .GetResult();
        Assert.True(result.IsSuccessful,
            $"{service} types depend on another service ({string.Join(", ", others)}): "
            + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Theory]
    [InlineData(Boundaries.Contracts)]
    [InlineData(Boundaries.SharedKernel)]
    public void Leaf_building_blocks_use_no_other_Codewalkers_assembly(string leaf)
    {
        var others = Projects.Select(p => p.AssemblyName).Where(n => n != leaf).Order().ToArray();
        var result = Types.InAssembly(CompiledReferences.Load(leaf))
            .ShouldNot().HaveDependencyOnAny(others)
            .GetResult();
        Assert.True(result.IsSuccessful, $"{leaf} types depend on: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [InlineData(Boundaries.Messaging)]
    [InlineData(Boundaries.Persistence)]
    [InlineData(Boundaries.ServiceDefaults)]
    [InlineData(Boundaries.SharedKernel)]
    public void Shared_building_blocks_use_no_service_types(string shared)
    {
        var result = Types.InAssembly(CompiledReferences.Load(shared))
            .ShouldNot().HaveDependencyOnAny([.. Services.Order()])
            .GetResult();
        Assert.True(result.IsSuccessful,
            $"{shared} types depend on a service: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    /// <summary>
    /// A domain is plain C#: its entities queue events (SharedKernel) and never see the outbox or EF.
    /// </summary>
    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Domain_types_use_neither_messaging_nor_persistence(string service)
    {
        var domain = Types.InAssembly(CompiledReferences.Load(service)).That().ResideInNamespace($"{service}.Domain");
        if (!domain.GetTypes().Any()) return; // the gateway and services without a domain yet
        var result = domain.ShouldNot()
            .HaveDependencyOnAny(Boundaries.Messaging, Boundaries.Persistence, "Microsoft.EntityFrameworkCore")
            .GetResult();
        Assert.True(result.IsSuccessful,
            $"{service} domain types depend on messaging or EF: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    private static void AssertNoViolations(IReadOnlyList<string> violations, string source) =>
        Assert.True(violations.Count == 0,
            $"Forbidden {source}:{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
}
