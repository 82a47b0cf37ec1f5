using System.Xml.Linq;
using Codewalkers.Architecture.Tests.Dependencies;

namespace Codewalkers.Architecture.Tests;

/// <summary>
/// `cw` talks only to the gateway's HTTP API: it references no project of this repository and compiles no file from
/// outside cli/, so a service can change its insides without the command line noticing (only its API counts).
/// </summary>
public sealed class CliBoundaryTests
{
    private static readonly string CliProject = Path.Combine(Repository.Root, "cli", "Cli.csproj");

    [Fact]
    public void The_cli_references_no_project_and_compiles_nothing_from_outside_its_folder()
    {
        var project = XDocument.Load(CliProject);
        var references = project.Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include"));
        var borrowed = project.Descendants("Compile").Select(c => (string?)c.Attribute("Include"))
            .Where(path => path is not null && path.Replace('\\', '/').StartsWith("../", StringComparison.Ordinal));

        Assert.Empty(references);
        Assert.Empty(borrowed);
    }

    [Fact]
    public void The_compiled_cli_uses_no_codewalkers_assembly()
    {
        var cli = Path.Combine(Path.GetDirectoryName(CliProject)!, "bin",
            Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!), "net10.0", "cw.dll");
        Assert.True(File.Exists(cli), $"{cli} is not built");
        using var stream = File.OpenRead(cli);
        using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
        var used = metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name));

        Assert.DoesNotContain(used, name => name.StartsWith("Codewalkers.", StringComparison.Ordinal));
    }
}
