namespace Codewalkers.Agents.Providers;

/// <summary>
/// Where a provider's executable is, as the agent's shell will find it: an absolute path as given, a bare name
/// on PATH. Null means the CLI is not installed, which the user should hear before an agent fails to start.
/// </summary>
public static class ExecutableLookup
{
    public static string? Resolve(string executable, string? path = null)
    {
        if (executable.Contains('/')) return IsExecutable(executable) ? Path.GetFullPath(executable) : null;
        var directories = (path ?? Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries);
        return directories.Select(d => Path.Combine(d, executable)).FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string file) =>
        File.Exists(file) && (OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute
                | UnixFileMode.OtherExecute)) != 0);
}
