using System.Text;
using System.Text.Json;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Agents.Providers;

/// <summary>
/// What an account's credentials say about their own life, read in the format its provider's CLI writes: Claude's
/// <c>.credentials.json</c> (<c>claudeAiOauth.expiresAt</c>, epoch milliseconds, and <c>refreshToken</c>) and Codex's
/// <c>auth.json</c> (<c>tokens.id_token</c>, a JWT whose <c>exp</c> is epoch seconds, and <c>tokens.refresh_token</c>;
/// an API-key login has no expiry). Other providers' credentials are kept as given, with no expiry known.
/// </summary>
public sealed record AccountCredentials(DateTimeOffset? ExpiresAt, bool Refreshable)
{
    public static readonly AccountCredentials Unknown = new(null, false);

    /// <summary>
    /// Reads <paramref name="credentials"/> (a JSON object) for <paramref name="provider"/>; a field of a known format
    /// that is there but malformed is a <see cref="ValidationException"/> naming it (<c>credentials.claudeAiOauth...</c>).
    /// </summary>
    public static AccountCredentials Read(string provider, JsonElement credentials) => provider switch
    {
        "claude" => ReadClaude(credentials),
        "codex" => ReadCodex(credentials),
        _ => Unknown,
    };

    /// <summary>
    /// What a CLI wrote back into an account's config dir (a refreshed or rotated token), when it is a login of the
    /// provider's known format: Claude's with <c>claudeAiOauth</c>, Codex's with <c>tokens</c> or an API key. Null
    /// for anything else (another provider, half-written, malformed), which is then not taken.
    /// </summary>
    public static AccountCredentials? ReadRewritten(string provider, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var login = root.ValueKind == JsonValueKind.Object && provider switch
            {
                "claude" => root.TryGetProperty("claudeAiOauth", out _),
                "codex" => root.TryGetProperty("tokens", out var tokens) && tokens.ValueKind == JsonValueKind.Object
                    || root.TryGetProperty("OPENAI_API_KEY", out _),
                _ => false,
            };
            return login ? Read(provider, root) : null;
        }
        catch (Exception ex) when (ex is JsonException or ValidationException)
        {
            return null;
        }
    }

    private static AccountCredentials ReadClaude(JsonElement credentials)
    {
        if (!credentials.TryGetProperty("claudeAiOauth", out var oauth)) return Unknown;
        const string at = "credentials.claudeAiOauth";
        if (oauth.ValueKind != JsonValueKind.Object) throw Invalid(at, "must be an object");
        if (!oauth.TryGetProperty("accessToken", out var access) || access.ValueKind != JsonValueKind.String
            || access.GetString() is not { Length: > 0 })
            throw Invalid($"{at}.accessToken", "is required (a non-empty string)");
        DateTimeOffset? expires = null;
        if (oauth.TryGetProperty("expiresAt", out var expiresAt) && expiresAt.ValueKind != JsonValueKind.Null)
        {
            if (expiresAt.ValueKind != JsonValueKind.Number || !expiresAt.TryGetInt64(out var ms) || ms < 0
                || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
                throw Invalid($"{at}.expiresAt", "must be a time in epoch milliseconds");
            expires = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        return new AccountCredentials(expires, HasText(oauth, "refreshToken", $"{at}.refreshToken"));
    }

    private static AccountCredentials ReadCodex(JsonElement credentials)
    {
        if (!credentials.TryGetProperty("tokens", out var tokens) || tokens.ValueKind == JsonValueKind.Null)
            return Unknown;
        const string at = "credentials.tokens";
        if (tokens.ValueKind != JsonValueKind.Object) throw Invalid(at, "must be an object");
        DateTimeOffset? expires = null;
        if (tokens.TryGetProperty("id_token", out var idToken) && idToken.ValueKind != JsonValueKind.Null)
        {
            if (idToken.ValueKind != JsonValueKind.String) throw Invalid($"{at}.id_token", "must be a JWT string");
            expires = JwtExpiry(idToken.GetString()!, $"{at}.id_token");
        }
        return new AccountCredentials(expires, HasText(tokens, "refresh_token", $"{at}.refresh_token"));
    }

    /// <summary>The <c>exp</c> claim (epoch seconds) of a JWT's payload, or null when it has none.</summary>
    private static DateTimeOffset? JwtExpiry(string jwt, string field)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3) throw Invalid(field, "must be a JWT (three dot-separated parts)");
        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload += new string('=', (4 - payload.Length % 4) % 4);
            using var claims = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            if (claims.RootElement.ValueKind != JsonValueKind.Object
                || !claims.RootElement.TryGetProperty("exp", out var exp))
                return null;
            return exp.TryGetInt64(out var seconds) && seconds >= 0 && seconds < 253402300800
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : throw Invalid(field, "has an 'exp' claim that is not a time in epoch seconds");
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            throw Invalid(field, "must be a JWT whose payload is base64url JSON");
        }
    }

    private static bool HasText(JsonElement parent, string name, string field)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return false;
        if (value.ValueKind != JsonValueKind.String) throw Invalid(field, "must be a string");
        return value.GetString() is { Length: > 0 };
    }

    private static ValidationException Invalid(string field, string problem) =>
        new(field, $"{field} {problem}.");
}
