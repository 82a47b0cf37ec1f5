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

    public static ApiToken LoadOrCreate(string path) => new(LocalSecret.LoadOrCreate(path));

    /// <summary>Constant-time comparison, so response timing says nothing about the token.</summary>
    public bool Matches(ReadOnlySpan<char> candidate)
    {
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(candidate.Length)];
        var count = Encoding.UTF8.GetBytes(candidate, bytes);
        return CryptographicOperations.FixedTimeEquals(bytes[..count], _value);
    }

    /// <summary>
    /// A key derived from the token for one purpose (the web app's sign-in cookie): it proves the token was known
    /// without being the token, and changes when the token does.
    /// </summary>
    public byte[] Derive(string purpose) => HMACSHA256.HashData(_value, Encoding.UTF8.GetBytes(purpose));

    /// <summary>For the service-to-service handler only; never log or return it.</summary>
    internal string Reveal() => Encoding.UTF8.GetString(_value);

    public override string ToString() => "ApiToken(***)";
}
