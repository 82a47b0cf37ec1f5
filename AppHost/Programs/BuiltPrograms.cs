using System.Reflection;
using System.Runtime.InteropServices;

namespace Codewalkers.AppHost.Programs;

/// <summary>
/// The built program of each project the AppHost starts, as <c>Programs/BuiltPrograms.targets</c> recorded it at build
/// time: the project's output for the configuration this AppHost was built in (Release from <c>./run.sh</c>, Debug
/// from a plain <c>dotnet test</c>). DCP would start a project as <c>dotnet run --project ... --no-build</c>, whose
/// MSBuild evaluation cost 20-50 s of CPU and 128 MB per service at every start and every restart on a loaded
/// machine; the built program starts at once.
/// </summary>
internal static class BuiltPrograms
{
    private const string MetadataPrefix = "BuiltProgram:";

    /// <summary>The native launcher of the project's program (what <c>dotnet run</c> would have executed).</summary>
    public static string Of(IProjectMetadata project)
    {
        var projectPath = Path.GetFullPath(project.ProjectPath);
        var assembly = Recorded().FirstOrDefault(p => p.Project == projectPath).Assembly
            ?? throw new InvalidOperationException(
                $"AppHost.csproj records no built program for {projectPath}; is it a ProjectReference of the AppHost?");
        var launcher = Launcher(assembly);
        return File.Exists(launcher) ? launcher : throw new InvalidOperationException(Missing());
    }

    /// <summary>Which programs are not built, as a message for the person starting the AppHost; null: none.</summary>
    public static string? Missing()
    {
        var missing = Recorded().Select(p => Launcher(p.Assembly)).Where(path => !File.Exists(path)).ToList();
        return missing.Count == 0
            ? null
            : "The AppHost starts the services' built programs and does not build them; missing: "
                + string.Join(", ", missing)
                + ". Build the AppHost in the same configuration first "
                + "(./run.sh does: dotnet build AppHost -c Release).";
    }

    /// <summary>
    /// Where the .NET runtime this AppHost runs on is installed
    /// (&lt;root&gt;/shared/Microsoft.NETCore.App/&lt;version&gt;/): a native launcher looks for the runtime in
    /// DOTNET_ROOT, which <c>dotnet run</c> would have set for it.
    /// </summary>
    public static string DotnetRoot() =>
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    private static IEnumerable<(string Project, string Assembly)> Recorded() =>
        typeof(BuiltPrograms).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key.StartsWith(MetadataPrefix, StringComparison.Ordinal) && a.Value is not null)
            .Select(a => (a.Key[MetadataPrefix.Length..], a.Value!));

    private static string Launcher(string assembly) =>
        Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null);
}
