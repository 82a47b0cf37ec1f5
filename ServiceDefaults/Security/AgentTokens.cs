using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Codewalkers.ServiceDefaults.Security;

/// <summary>
/// Tokens scoped to one agent: <c>cwa.&lt;agentId&gt;.&lt;mac&gt;</c>, the mac being
/// base64url(HMAC-SHA256(key: the API token, data: "codewalkers-agent:" + agentId)). Every process already holds the
/// API token, so any of them can verify an agent token without a table or a call; a new API token (delete
/// <c>$CW_HOME/token</c>) invalidates every agent token with it. The Agents service mints one per spawned agent.
/// </summary>
public sealed class AgentTokens(string apiToken)
{
    public const string Prefix = "cwa.";
    private const string Purpose = "codewalkers-agent:";
    private const int MacLength = 43; // 32 bytes, base64url without padding

    private readonly byte[] _key = Encoding.UTF8.GetBytes(apiToken);

    /// <summary>The token to hand to the agent <paramref name="agentId"/> (in its environment, never a log).</summary>
    public string Mint(string agentId)
    {
        if (!Ids.IsValid(agentId)) throw new ArgumentException("Not an agent id.", nameof(agentId));
        return Prefix + agentId + "." + Base64Url.EncodeToString(Mac(agentId));
    }

    /// <summary>Whether <paramref name="candidate"/> looks like an agent token (it may still be forged).</summary>
    private static bool LooksLikeOne(ReadOnlySpan<char> candidate) =>
        candidate.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// The agent a genuine token belongs to. The mac is compared in constant time, so response timing says nothing
    /// about how much of a forged mac was right.
    /// </summary>
    public bool TryVerify(ReadOnlySpan<char> candidate, [NotNullWhen(true)] out string? agentId)
    {
        agentId = null;
        if (candidate.Length != Prefix.Length + Ids.Length + 1 + MacLength || !LooksLikeOne(candidate)) return false;
        var id = candidate.Slice(Prefix.Length, Ids.Length).ToString();
        if (candidate[Prefix.Length + Ids.Length] != '.' || !Ids.IsValid(id)) return false;
        Span<byte> given = stackalloc byte[MacLength];
        if (Encoding.ASCII.GetBytes(candidate[^MacLength..], given) != MacLength) return false;
        var expected = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(Mac(id)));
        if (!CryptographicOperations.FixedTimeEquals(given, expected)) return false;
        agentId = id;
        return true;
    }

    private byte[] Mac(string agentId) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(Purpose + agentId));

    public override string ToString() => "AgentTokens(***)";
}
