using System.Security.Cryptography;
using System.Text;

namespace Codewalkers.Collaboration.Domain.Webhooks;

/// <summary>
/// The headers of a webhook POST. <see cref="Header"/> is <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the
/// exact body bytes, keyed with the webhook's secret (its UTF-8 text). docs/events.md shows a receiver's check.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Codewalkers-Signature";
    public const string DeliveryHeader = "X-Codewalkers-Delivery";
    public const string KindHeader = "X-Codewalkers-Event";
    public const string Prefix = "sha256=";

    public static string Sign(string secret, byte[] body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool IsValid(string secret, byte[] body, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(secret, body)), Encoding.ASCII.GetBytes(header));
}
