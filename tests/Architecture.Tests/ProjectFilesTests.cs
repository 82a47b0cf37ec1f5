using Codewalkers.Architecture.Tests.Dependencies;

namespace Codewalkers.Architecture.Tests;

/// <summary>The csproj reader sees references however they are written, so the rule gets a complete map.</summary>
public sealed class ProjectFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cw-arch-").FullName;

    public ProjectFilesTests()
    {
        File.WriteAllText(Path.Combine(_root, "Codewalkers.sln"), "");
        Project("services/Contracts/Contracts.csproj", "Codewalkers.Contracts");
        Project("services/Messaging/Messaging.csproj", "Codewalkers.Messaging");
        Project("ServiceDefaults/ServiceDefaults.csproj", "Codewalkers.ServiceDefaults");
        Project("services/Agents/Agents.csproj", "Codewalkers.Agents", "../Contracts/Contracts.csproj");
        Project("gateway/Gateway.csproj", "Codewalkers.Gateway", "../ServiceDefaults/ServiceDefaults.csproj");
        Project("AppHost/AppHost.csproj", "Codewalkers.AppHost", "../services/Agents/Agents.csproj");
        Project("tests/Agents.Tests/Agents.Tests.csproj", "Codewalkers.Agents.Tests",
            "../../services/Agents/Agents.csproj");
    }

    [Fact]
    public void Discovery_classifies_services_and_skips_test_projects()
    {
        Project("services/Planning/Planning.csproj", "Codewalkers.Planning");

        var projects = ProjectFiles.Discover(_root);

        Assert.Equal(
            [
                "Codewalkers.Agents",
                "Codewalkers.AppHost",
                "Codewalkers.Contracts",
                "Codewalkers.Gateway",
                "Codewalkers.Messaging",
                "Codewalkers.Planning",
                "Codewalkers.ServiceDefaults",
            ],
            projects.Select(p => p.AssemblyName));
        Assert.Equal(
            ["Codewalkers.Agents", "Codewalkers.Gateway", "Codewalkers.Planning"],
            projects.Where(p => p.IsService).Select(p => p.AssemblyName));
    }

    [Fact]
    public void A_csproj_reference_to_another_service_is_a_violation_even_if_no_type_is_used()
    {
        Project("services/Planning/Planning.csproj", "Codewalkers.Planning",
            "..\\Contracts\\Contracts.csproj", "..\\Agents\\Agents.csproj");

        AssertViolation("Codewalkers.Planning -> Codewalkers.Agents:");
    }

    [Fact]
    public void The_referenced_projects_AssemblyName_counts_not_its_file_name()
    {
        Project("services/Planning/Planning.csproj", "Codewalkers.Planning", "../Odd/Whatever.csproj");
        Project("services/Odd/Whatever.csproj", "Codewalkers.Collaboration");

        AssertViolation("Codewalkers.Planning -> Codewalkers.Collaboration:");
    }

    [Fact]
    public void A_reference_added_by_a_Directory_Build_props_is_seen()
    {
        Project("services/Planning/Planning.csproj", "Codewalkers.Planning");
        File.WriteAllText(Path.Combine(_root, "services/Planning/Directory.Build.props"), """
            <Project>
              <ItemGroup Condition="'$(Configuration)' == 'Release'">
                <ProjectReference Include="$(MSBuildThisFileDirectory)../Agents/Agents.csproj" />
              </ItemGroup>
            </Project>
            """);

        AssertViolation("Codewalkers.Planning -> Codewalkers.Agents:");
    }

    [Fact]
    public void A_plain_dll_reference_to_another_service_is_seen()
    {
        var planningDirectory = Directory.CreateDirectory(Path.Combine(_root, "services/Planning")).FullName;
        const string agentsDll = @"..\Agents\bin\Debug\net10.0\Codewalkers.Agents.dll";
        File.WriteAllText(Path.Combine(planningDirectory, "Planning.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><AssemblyName>Codewalkers.Planning</AssemblyName></PropertyGroup>
              <ItemGroup>
                <Reference Include="Agents"><HintPath>{agentsDll}</HintPath></Reference>
              </ItemGroup>
            </Project>
            """);

        AssertViolation("Codewalkers.Planning -> Codewalkers.Agents:");
    }

    [Fact]
    public void Messaging_referencing_a_service_project_is_a_violation()
    {
        Project("services/Messaging/Messaging.csproj", "Codewalkers.Messaging", "../../gateway/Gateway.csproj");

        AssertViolation("Codewalkers.Messaging -> Codewalkers.Gateway:");
    }

    private void AssertViolation(string expectedPrefix)
    {
        var projects = ProjectFiles.Discover(_root);
        var violations = Boundaries.Violations(
            ProjectFiles.Dependencies(_root, projects),
            projects.Where(p => p.IsService).Select(p => p.AssemblyName).ToHashSet());
        Assert.StartsWith(expectedPrefix, Assert.Single(violations));
    }

    private void Project(string relativePath, string assemblyName, params string[] references)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var items = string.Concat(references.Select(r => $"""    <ProjectReference Include="{r}" />{"\n"}"""));
        File.WriteAllText(path, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <AssemblyName>{assemblyName}</AssemblyName>
              </PropertyGroup>
              <ItemGroup>
            {items}  </ItemGroup>
            </Project>
            """);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
