using System.Security.Cryptography;
using System.Text;

namespace Codewalkers.ServiceDefaults.Security;

/// <summary>
/// The bearer token every API call must carry. Created once, at the first start of whichever process gets there
/// first, in <c>$CW_HOME/token</c> with mode 0600; every other process reads the same file.
/// </summary>
public sealed class ApiToken
{
    private readonly byte[] _value;

    private ApiToken(string value) => _value = Encoding.UTF8.GetBytes(value);

    public static ApiToken LoadOrCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path)) TryCreate(path);
        var value = File.ReadAllText(path).Trim();
        if (value.Length < 32) throw new InvalidOperationException($"The API token file {path} is empty or too short; delete it to create a new one.");
        return new ApiToken(value);
    }

    /// <summary>Constant-time comparison, so response timing says nothing about the token.</summary>
    public bool Matches(ReadOnlySpan<char> candidate)
    {
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(candidate.Length)];
        var count = Encoding.UTF8.GetBytes(candidate, bytes);
        return CryptographicOperations.FixedTimeEquals(bytes[..count], _value);
    }

    /// <summary>For the service-to-service handler only; never log or return it.</summary>
    internal string Reveal() => Encoding.UTF8.GetString(_value);

    public override string ToString() => "ApiToken(***)";

    private static void TryCreate(string path)
    {
        // Write a private temp file, then move it into place without overwriting: two processes starting together
        // both try, one wins, and both end up reading the winner's complete token.
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        }
        try { File.Move(temp, path, overwrite: false); }
        catch (IOException) when (File.Exists(path)) { File.Delete(temp); }
    }
}
