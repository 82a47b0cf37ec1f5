using System.Reflection;
using System.Runtime.InteropServices;

namespace Codewalkers.AppHost.Cli;

/// <summary>
/// Writes <c>$CW_HOME/bin/cw</c>, a shell script that runs the <c>cw</c> built beside this AppHost with the dotnet
/// host this AppHost runs on. The Agents service puts its directory first on every agent's PATH, so an agent's
/// <c>cw task add</c> is this repository's CLI, whatever else the machine has installed.
/// </summary>
internal static class CwLauncher
{
    public const string DirectoryName = "bin";

    /// <summary>
    /// Writes the launcher (again at every start: the checkout may have moved) and returns its directory.
    /// </summary>
    public static string Write(string cwHome)
    {
        var directory = Path.GetFullPath(Path.Combine(cwHome, DirectoryName));
        Directory.CreateDirectory(directory);
        var script = Script(DotnetHost(), CliAssemblyPath());
        var path = Path.Combine(directory, "cw");
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        File.Move(temp, path, overwrite: true);
        return directory;
    }

    public static string Script(string dotnet, string cliAssembly) =>
        $"""
        #!/bin/sh
        # Written by the Codewalkers AppHost at each start: runs the cw CLI built in this checkout.
        if [ ! -f {Quoted(cliAssembly)} ]; then
          echo "cw is not built: run 'dotnet build cli/Cli.csproj' in the Codewalkers repository" >&2
          exit 127
        fi
        exec {Quoted(dotnet)} {Quoted(cliAssembly)} "$@"

        """;

    // Single quotes keep every character of a path as it is; a quote inside is closed, escaped and reopened.
    private static string Quoted(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>cli/bin/&lt;Configuration&gt;/net10.0/cw.dll, as AppHost.csproj recorded it at build time.</summary>
    private static string CliAssemblyPath() =>
        typeof(CwLauncher).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "CwCliAssembly")?.Value
        ?? throw new InvalidOperationException("AppHost.csproj records no CwCliAssembly metadata.");

    /// <summary>
    /// The dotnet host: this process when it is one (tests, dotnet exec), else the one beside the runtime this process
    /// runs on (&lt;root&gt;/shared/Microsoft.NETCore.App/&lt;version&gt;/ -> &lt;root&gt;/dotnet), else PATH's.
    /// </summary>
    private static string DotnetHost()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } process && Path.GetFileName(process) == name) return process;
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var beside = Path.Combine(root, name);
        return File.Exists(beside) ? beside : name;
    }
}
