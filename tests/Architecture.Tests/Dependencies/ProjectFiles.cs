using System.Xml.Linq;

namespace Codewalkers.Architecture.Tests.Dependencies;

/// <summary>One project of the repository as its csproj declares it.</summary>
public sealed record ProjectInfo(string AssemblyName, string Path, bool IsService);

/// <summary>
/// Reads the dependency graph from the project files themselves (ProjectReference and Reference items of each csproj
/// and of the Directory.Build.props/targets above it), so a reference the compiler dropped because no type is used
/// is still seen.
/// </summary>
public static class ProjectFiles
{
    private static readonly string[] SkippedDirectories = ["bin", "obj", ".git", "node_modules", "tests"];
    private static readonly string[] ServiceRoots = ["services", "gateway", "web"];

    /// <summary>
    /// Every production project under <paramref name="root"/> (test projects may reference anything).
    /// </summary>
    public static IReadOnlyList<ProjectInfo> Discover(string root) =>
        EnumerateProjects(root)
            .Select(path =>
            {
                var name = AssemblyNameOf(path);
                var top = System.IO.Path.GetRelativePath(root, path).Split(System.IO.Path.DirectorySeparatorChar)[0];
                return new ProjectInfo(name, path, ServiceRoots.Contains(top) && !Boundaries.Shared.Contains(name));
            })
            .OrderBy(p => p.AssemblyName, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Assembly name -> assembly names referenced by its project file and the build files it inherits.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Dependencies(
        string root, IEnumerable<ProjectInfo> projects) =>
        projects.ToDictionary(p => p.AssemblyName, p => (IReadOnlySet<string>)ReferencesOf(root, p.Path));

    private static IEnumerable<string> EnumerateProjects(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.csproj")) yield return file;
        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            if (SkippedDirectories.Contains(System.IO.Path.GetFileName(child))) continue;
            foreach (var file in EnumerateProjects(child)) yield return file;
        }
    }

    private static HashSet<string> ReferencesOf(string root, string projectPath)
    {
        var projectDirectory = System.IO.Path.GetDirectoryName(projectPath)!;
        var references = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in BuildFilesFor(root, projectPath))
        {
            var document = XDocument.Load(file);
            var fileDirectory = System.IO.Path.GetDirectoryName(file)!;
            var items = document.Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "Reference");
            foreach (var item in items)
            {
                var include = item.Attribute("Include")?.Value;
                if (string.IsNullOrWhiteSpace(include)) continue;
                var parts = include.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                foreach (var part in parts)
                {
                    references.Add(item.Name.LocalName == "ProjectReference"
                        ? ReferencedProjectName(Expand(part, projectDirectory, fileDirectory), projectDirectory)
                        : ReferencedAssemblyName(part, item));
                }
            }
        }
        return references;
    }

    /// <summary>
    /// The csproj itself plus every Directory.Build.props/targets between it and the repository root.
    /// </summary>
    private static IEnumerable<string> BuildFilesFor(string root, string projectPath)
    {
        yield return projectPath;
        var fullRoot = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(root));
        for (var directory = System.IO.Path.GetDirectoryName(projectPath);
             directory is not null;
             directory = System.IO.Path.GetDirectoryName(directory))
        {
            foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets" })
            {
                var candidate = System.IO.Path.Combine(directory, name);
                if (File.Exists(candidate)) yield return candidate;
            }
            var current = System.IO.Path.TrimEndingDirectorySeparator(directory);
            if (string.Equals(current, fullRoot, StringComparison.Ordinal)) break;
        }
    }

    // Relative item paths resolve against the project, whichever file declares them;
    // MSBuildThisFileDirectory is the declaring file's.
    private static string Expand(string include, string projectDirectory, string fileDirectory) =>
        include
            .Replace(
                "$(MSBuildThisFileDirectory)",
                fileDirectory + System.IO.Path.DirectorySeparatorChar,
                StringComparison.OrdinalIgnoreCase)
            .Replace("$(MSBuildProjectDirectory)", projectDirectory, StringComparison.OrdinalIgnoreCase)
            .Replace('\\', System.IO.Path.DirectorySeparatorChar);

    private static string ReferencedProjectName(string include, string projectDirectory)
    {
        var target = System.IO.Path.GetFullPath(include, projectDirectory);
        return File.Exists(target) ? AssemblyNameOf(target) : System.IO.Path.GetFileNameWithoutExtension(target);
    }

    private static string ReferencedAssemblyName(string include, XElement item)
    {
        // <Reference Include="Codewalkers.X, Version=..."/> or a path to a dll, directly or through HintPath.
        var hint = item.Elements().FirstOrDefault(e => e.Name.LocalName == "HintPath")?.Value;
        var candidate = hint ?? include;
        return candidate.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? System.IO.Path.GetFileNameWithoutExtension(candidate.Replace('\\', '/').Split('/')[^1])
            : include.Split(',')[0].Trim();
    }

    public static string AssemblyNameOf(string projectPath)
    {
        var fallback = System.IO.Path.GetFileNameWithoutExtension(projectPath);
        var declared = XDocument.Load(projectPath).Descendants()
            .LastOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value.Trim();
        return string.IsNullOrEmpty(declared)
            ? fallback
            : declared.Replace("$(MSBuildProjectName)", fallback, StringComparison.OrdinalIgnoreCase);
    }
}
