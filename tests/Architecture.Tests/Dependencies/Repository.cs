namespace Codewalkers.Architecture.Tests.Dependencies;

public static class Repository
{
    /// <summary>The directory holding Codewalkers.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot(AppContext.BaseDirectory);

    private static string FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Codewalkers.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No Codewalkers.sln above {start}");
    }
}
