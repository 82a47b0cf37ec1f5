using System.Text;
using System.Text.Json;
using Codewalkers.Agents.Providers;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Agents.Tests.Providers;

/// <summary>The expiry of an account, read from its credentials in the format its CLI writes.</summary>
public class AccountCredentialsTests
{
    [Fact]
    public void Claude_credentials_give_their_expiry_in_milliseconds_and_whether_a_refresh_token_is_there()
    {
        var read = AccountCredentials.Read("claude", Json(
            """{"claudeAiOauth":{"accessToken":"a","refreshToken":"r","expiresAt":1767225600123}}"""));
        Assert.Equal((DateTimeOffset.FromUnixTimeMilliseconds(1767225600123), true), (read.ExpiresAt, read.Refreshable));
        Assert.Equal(AccountCredentials.Unknown, AccountCredentials.Read("claude", Json("""{"apiKey":"k"}""")));
    }

    [Fact]
    public void Codex_credentials_give_the_exp_of_their_id_token_and_an_api_key_login_no_expiry()
    {
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"exp":1767225600,"email":"me@x"}"""))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var read = AccountCredentials.Read("codex", Json(
            $$"""{"tokens":{"id_token":"h.{{payload}}.s","access_token":"a","refresh_token":"r"},"last_refresh":"2026-01-01T00:00:00Z"}"""));
        Assert.Equal((DateTimeOffset.FromUnixTimeSeconds(1767225600), true), (read.ExpiresAt, read.Refreshable));
        Assert.Equal(AccountCredentials.Unknown, AccountCredentials.Read("codex", Json("""{"OPENAI_API_KEY":"sk"}""")));
    }

    [Theory]
    [InlineData("claude", """{"claudeAiOauth":"token"}""", "credentials.claudeAiOauth")]
    [InlineData("claude", """{"claudeAiOauth":{"accessToken":""}}""", "credentials.claudeAiOauth.accessToken")]
    [InlineData("claude", """{"claudeAiOauth":{"accessToken":"a","expiresAt":"soon"}}""", "credentials.claudeAiOauth.expiresAt")]
    [InlineData("claude", """{"claudeAiOauth":{"accessToken":"a","refreshToken":5}}""", "credentials.claudeAiOauth.refreshToken")]
    [InlineData("codex", """{"tokens":{"id_token":"one.two"}}""", "credentials.tokens.id_token")]
    [InlineData("codex", """{"tokens":{"id_token":"a.!!!.c"}}""", "credentials.tokens.id_token")]
    [InlineData("codex", """{"tokens":[]}""", "credentials.tokens")]
    public void Malformed_fields_are_refused_by_name(string provider, string credentials, string field)
    {
        var refused = Assert.Throws<ValidationException>(() => AccountCredentials.Read(provider, Json(credentials)));
        Assert.Equal([field], refused.Errors.Keys);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
