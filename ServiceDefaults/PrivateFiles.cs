namespace Codewalkers.ServiceDefaults;

/// <summary>
/// Codewalkers' state is for its user only: <c>$CW_HOME</c> and the directories it keeps secrets in are 0700, the
/// files in them (token, databases and their -wal/-shm, data-protection keys) 0600. Every process tightens them at
/// start, so an install made before this rule, or a file another tool created with the default umask, is fixed too.
/// Workspace clones keep their modes: they are the user's code, inside the 0700 home.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void SecureHome(CodewalkersHome home)
    {
        EnsurePrivateDirectory(home.Root);
        Tighten(home.TokenPath);
        foreach (var directory in new[] { home.DataDirectory, home.KeysDirectory })
        {
            if (!Directory.Exists(directory)) continue;
            EnsurePrivateDirectory(directory);
            foreach (var file in Directory.EnumerateFiles(directory)) Tighten(file);
        }
    }

    /// <summary>Creates the directory 0700, or makes an existing one 0700.</summary>
    public static void EnsurePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, DirectoryMode);
        if (File.GetUnixFileMode(path) != DirectoryMode) File.SetUnixFileMode(path, DirectoryMode);
    }

    /// <summary>
    /// Makes an existing file 0600; a file that is gone meanwhile (a -wal at checkpoint) is no error.
    /// </summary>
    public static void Tighten(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        try
        {
            if ((File.GetUnixFileMode(path) & ~FileMode) != 0) File.SetUnixFileMode(path, FileMode);
        }
        catch (FileNotFoundException) { }
        catch (DirectoryNotFoundException) { }
    }
}
