using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Redaction;
using Codewalkers.ServiceDefaults.Security;

namespace Codewalkers.Planning.Tests.Security;

/// <summary>
/// Agent tokens (ServiceDefaults/Security/AgentTokens): minted from the API token, verified by anyone holding it.
/// </summary>
public sealed class AgentTokensTests
{
    private const string ApiToken = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly AgentTokens _tokens = new(ApiToken);

    [Fact]
    public void A_minted_token_names_its_agent_and_verifies_as_that_agent()
    {
        var agentId = Ids.New();

        var token = _tokens.Mint(agentId);

        Assert.StartsWith($"cwa.{agentId}.", token);
        Assert.Equal(4 + 21 + 1 + 43, token.Length);
        Assert.True(_tokens.TryVerify(token, out var verified));
        Assert.Equal(agentId, verified);
        Assert.Equal(token, _tokens.Mint(agentId)); // deterministic: the same agent always gets the same token
    }

    [Fact]
    public void The_mac_is_the_documented_hmac_so_any_holder_of_the_api_token_can_mint_it()
    {
        var agentId = Ids.New();
        var mac = System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(ApiToken),
            System.Text.Encoding.UTF8.GetBytes("codewalkers-agent:" + agentId));

        Assert.Equal($"cwa.{agentId}.{System.Buffers.Text.Base64Url.EncodeToString(mac)}", _tokens.Mint(agentId));
    }

    public static TheoryData<string> Tampered()
    {
        var tokens = new AgentTokens(ApiToken);
        var agentId = Ids.New();
        var other = Ids.New();
        var token = tokens.Mint(agentId);
        var mac = token[^43..];
        var flipped = (mac[0] == 'A' ? 'B' : 'A') + mac[1..];
        return
        [
            $"cwa.{other}.{mac}",                               // another agent's id with this agent's mac
            $"cwa.{agentId}.{flipped}",                         // one character of the mac changed
            token[..^1],                                        // truncated
            token + "A",                                        // extended
            $"cwa.{agentId}.{mac}".Replace("cwa.", "cwb."),     // wrong prefix
            $"cwa.{agentId}_{mac}",                             // wrong separator
            $"cwa.{agentId[..20]}!.{mac}",                      // not an id
            new AgentTokens(ApiToken.Replace('0', '1')).Mint(agentId), // minted with another API token
            ApiToken,
            "",
        ];
    }

    [Theory]
    [MemberData(nameof(Tampered))]
    public void A_tampered_or_foreign_token_does_not_verify(string candidate)
    {
        Assert.False(_tokens.TryVerify(candidate, out var agentId));
        Assert.Null(agentId);
    }

    [Fact]
    public void Only_agent_ids_get_tokens() =>
        Assert.Throws<ArgumentException>(() => _tokens.Mint("not-an-id"));

    [Fact]
    public void The_redactor_takes_agent_tokens_out_of_logs_with_their_agent_id()
    {
        var agentId = Ids.New();
        var token = _tokens.Mint(agentId);

        var redacted = SecretRedactor.Generic.Redact($"env CW_TOKEN={token} and Authorization: Bearer {token}");

        Assert.DoesNotContain(token[^43..], redacted);
        Assert.DoesNotContain(agentId, redacted);
        Assert.Contains("CW_TOKEN=cwa.[redacted]", redacted);
    }
}
