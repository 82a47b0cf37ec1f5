using System.Security.Cryptography;
using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.SharedKernel;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Collaboration.Domain.Webhooks;

/// <summary>
/// A receiver the user registered: every feed entry of one of its <see cref="Kinds"/> is POSTed to <see cref="Url"/>,
/// signed with <see cref="Secret"/> (HMAC-SHA256, <see cref="WebhookSignature"/>). The secret is made here and shown
/// once, in the answer to the creation; responses never carry it again.
/// </summary>
public sealed class Webhook
{
    public const int MaxUrlLength = 2048;
    public const int MaxDescriptionLength = 500;

    public string Id { get; private set; } = "";
    public string Url { get; private set; } = "";
    public IReadOnlyList<string> Kinds { get; private set; } = [];
    public string? Description { get; private set; }
    public string Secret { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    private Webhook() { }

    public static Webhook Create(
        string id, string? url, IReadOnlyList<string>? kinds, string? description, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var target = CheckUrl(url, errors);
        var chosen = CheckKinds(kinds, errors);
        if (description is { Length: > MaxDescriptionLength })
            errors["description"] = [$"is at most {MaxDescriptionLength} characters."];
        if (errors.Count > 0) throw new ValidationException(errors);
        return new Webhook
        {
            Id = id, Url = target!.AbsoluteUri, Kinds = chosen, Description = description,
            Secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            CreatedAt = now.TruncatedForStorage(),
        };
    }

    public bool Wants(string kind) => Kinds.Contains(kind, StringComparer.Ordinal);

    private static Uri? CheckUrl(string? url, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(url))
            errors["url"] = ["is required: the absolute http or https address to POST to."];
        else if (url.Length > MaxUrlLength) errors["url"] = [$"is at most {MaxUrlLength} characters."];
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
                 || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            errors["url"] = [$"'{url}' is not an absolute http or https address."];
        else if (!string.IsNullOrEmpty(uri.UserInfo))
            errors["url"] = ["must not carry a user name or password; the signature authenticates the sender."];
        else return uri;
        return null;
    }

    private static string[] CheckKinds(IReadOnlyList<string>? kinds, Dictionary<string, string[]> errors)
    {
        if (kinds is null || kinds.Count == 0)
        {
            errors["kinds"] = ["name at least one event kind; known kinds: " + string.Join(", ", FeedKinds.All) + "."];
            return [];
        }
        if (kinds.Count > FeedKinds.All.Count)
        {
            errors["kinds"] = [$"at most {FeedKinds.All.Count} kinds (there are no more)."];
            return [];
        }
        var unknown = kinds.Where(k => !FeedKinds.IsKnown(k)).ToList();
        if (unknown.Count > 0)
        {
            errors["kinds"] = [$"unknown kind(s) {string.Join(", ", unknown.Select(k => $"'{Shorten(k)}'"))}; "
                + "known kinds: " + string.Join(", ", FeedKinds.All) + "."];
            return [];
        }
        return [.. kinds.Distinct(StringComparer.Ordinal)];
    }

    private static string Shorten(string? text) =>
        text is null ? "null" : text.Length <= 60 ? text : text[..60] + "...";
}
