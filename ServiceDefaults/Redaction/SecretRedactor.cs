using System.Text.RegularExpressions;
using Codewalkers.ServiceDefaults.Security;

namespace Codewalkers.ServiceDefaults.Redaction;

/// <summary>
/// Takes secrets out of text bound for logs and traces: the API token itself wherever it appears, agent tokens
/// (<c>cwa.&lt;id&gt;.&lt;mac&gt;</c>, which every process can verify but none must show), every URL query string
/// (a caller may put a token there, and no query we serve is worth more than its path in a log), the user info of a
/// URL and the value of Bearer/Basic credentials.
/// </summary>
public sealed partial class SecretRedactor(string? secret)
{
    public const string Mask = "[redacted]";

    private readonly string? _secret = string.IsNullOrEmpty(secret) ? null : secret;

    /// <summary>Only the generic rules: for text that cannot hold the token of this process.</summary>
    public static readonly SecretRedactor Generic = new(null);

    public string Redact(string text)
    {
        if (text.Length == 0) return text;
        if (_secret is not null && text.Contains(_secret, StringComparison.Ordinal))
            text = text.Replace(_secret, Mask, StringComparison.Ordinal);
        if (text.Contains(AgentTokens.Prefix, StringComparison.Ordinal))
            text = AgentToken().Replace(text, AgentTokens.Prefix + Mask);
        // A bare query string, as the request logs carry it ("?token=...").
        if (text[0] == '?' && text.Length > 1) return "?" + Mask;
        if (text.Contains('?')) text = UrlQuery().Replace(text, "?" + Mask);
        if (text.Contains("://", StringComparison.Ordinal) && text.Contains('@'))
            text = UrlUserInfo().Replace(text, "://" + Mask + "@");
        if (text.Contains("earer", StringComparison.Ordinal) || text.Contains("Basic", StringComparison.Ordinal))
            text = Credentials().Replace(text, "$1 " + Mask);
        return text;
    }

    /// <summary>
    /// A value of a log's state or a span's tag: strings and anything whose text would carry a secret.
    /// </summary>
    public object? Redact(object? value)
    {
        switch (value)
        {
            case null: return null;
            case string text: return Redact(text);
            case bool or char or byte or sbyte or short or ushort or int or uint or long or ulong
                or float or double or decimal
                or DateTime or DateTimeOffset or TimeSpan or Guid or Enum:
                return value;
            default:
                var shown = value.ToString();
                if (shown is null) return value;
                var redacted = Redact(shown);
                return redacted == shown ? value : redacted;
        }
    }

    // A '?' that follows a URL or an absolute path, up to the next whitespace, quote or fragment.
    [GeneratedRegex(
        """(?<=(?:[a-zA-Z][a-zA-Z0-9+.-]*://|(?:^|[\s"'(=:])/)[^\s?#"'<>]*)\?[^\s#"'<>]+""",
        RegexOptions.CultureInvariant)]
    private static partial Regex UrlQuery();

    // An agent token (AgentTokens): the id and the mac both go, so a log does not even say whose token leaked.
    [GeneratedRegex(@"cwa\.[A-Za-z0-9_-]{21}\.[A-Za-z0-9_-]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex AgentToken();

    // user:password@ in a URL (a broker connection string in an exception message).
    [GeneratedRegex("""://[^\s/@"'<>]+@""", RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfo();

    // An Authorization value: the scheme, then a credential (16+ characters, so prose such as "Basic setup" stays).
    [GeneratedRegex("""\b([Bb]earer|Basic)\s+[A-Za-z0-9\-._~+/]{16,}=*""", RegexOptions.CultureInvariant)]
    private static partial Regex Credentials();
}
