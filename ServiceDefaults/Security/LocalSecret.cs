using System.Security.Cryptography;

namespace Codewalkers.ServiceDefaults.Security;

/// <summary>
/// A random secret kept in a file only its owner can read (mode 0600), created on first use and reused after, so a
/// restart keeps the same API token, dashboard token and broker password (an existing broker node only knows its first
/// one). Two processes starting together both try to create it; one wins and both read the winner's.
/// </summary>
public static class LocalSecret
{
    public static string LoadOrCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path)) TryCreate(path);
        var value = File.ReadAllText(path).Trim();
        if (value.Length < 32)
        {
            throw new InvalidOperationException(
                $"The secret file {path} is empty or too short; delete it to create a new one.");
        }
        return value;
    }

    /// <summary>
    /// Writes a file only its owner can read; used for files that embed a secret (the broker's config).
    /// </summary>
    public static void WritePrivateFile(string path, string contents)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, PrivateFiles.FileMode);
        File.WriteAllText(temp, contents);
        File.Move(temp, path, overwrite: true);
    }

    private static void TryCreate(string path)
    {
        // A private temp file moved into place without overwriting: two starts racing both end up with the winner's.
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = PrivateFiles.FileMode;
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        }
        try { File.Move(temp, path, overwrite: false); }
        catch (IOException) when (File.Exists(path)) { File.Delete(temp); }
    }
}
