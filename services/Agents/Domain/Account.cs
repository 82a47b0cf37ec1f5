namespace Codewalkers.Agents.Domain;

/// <summary>
/// A provider account. <see cref="ProtectedCredentials"/> and <see cref="ProtectedConfig"/> are encrypted with ASP.NET
/// Data Protection before they reach this entity; nothing here is ever returned by the API.
/// </summary>
public sealed class Account
{
    public string Id { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string Provider { get; private set; } = "claude";
    public string? ProtectedConfig { get; private set; }
    public string? ProtectedCredentials { get; private set; }
    public bool IsExhausted { get; private set; }
    public DateTimeOffset? ExhaustedUntil { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public int SortOrder { get; private set; }
    /// <summary>
    /// When the credentials' access token expires, as read from them at POST or from what the CLI wrote back after a
    /// refresh (null: they do not say).
    /// </summary>
    public DateTimeOffset? CredentialsExpireAt { get; private set; }
    /// <summary>The credentials hold a refresh token: the provider's CLI renews an expired access token itself.</summary>
    public bool CredentialsRefreshable { get; private set; }
    /// <summary>The expiry an AccountCredentialsExpired was published for (once per expiry).</summary>
    public DateTimeOffset? ExpiryReportedFor { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private Account() { }

    public static Account Create(string id, string email, string provider, string? protectedConfig,
        string? protectedCredentials, int sortOrder, DateTimeOffset now,
        DateTimeOffset? credentialsExpireAt = null, bool credentialsRefreshable = false) =>
        new()
        {
            Id = id, Email = email, Provider = provider, ProtectedConfig = protectedConfig,
            ProtectedCredentials = protectedCredentials, SortOrder = sortOrder, CreatedAt = now, UpdatedAt = now,
            CredentialsExpireAt = credentialsExpireAt, CredentialsRefreshable = credentialsRefreshable,
        };

    /// <summary>Not exhausted (or its reset passed), and its credentials still usable.</summary>
    public bool IsAvailable(DateTimeOffset now) =>
        (!IsExhausted || (ExhaustedUntil is { } until && until <= now)) && !IsExpired(now);

    /// <summary>
    /// The credentials expired and nothing can renew them: no CLI can log in with them. Expired ones with a refresh
    /// token are still tried, since the CLI refreshes them (docs/providers.md, "Credentials").
    /// </summary>
    public bool IsExpired(DateTimeOffset now) => CredentialsExpireAt <= now && !CredentialsRefreshable;

    /// <summary>
    /// A session on the account failed to log in while its credentials were past their expiry: the CLI's refresh did not
    /// work, so the account counts as expired from now on. Returns false when that does not apply (another auth failure).
    /// </summary>
    public bool RefreshFailed(DateTimeOffset now)
    {
        if (!CredentialsRefreshable || CredentialsExpireAt is not { } expiry || expiry > now) return false;
        (CredentialsRefreshable, UpdatedAt) = (false, now);
        return true;
    }

    /// <summary>Whether the expiry is still to be announced; marks it announced.</summary>
    public bool ReportExpiry()
    {
        if (ExpiryReportedFor == CredentialsExpireAt) return false;
        ExpiryReportedFor = CredentialsExpireAt;
        return true;
    }

    /// <summary>
    /// The provider's CLI renewed the credentials (a refreshed access token, a rotated refresh token): they replace the
    /// stored ones, so the next run starts from them. Their expiry and refresh token are the new ones'.
    /// </summary>
    public void ReplaceCredentials(string protectedCredentials, DateTimeOffset? expiresAt, bool refreshable,
        DateTimeOffset now) =>
        (ProtectedCredentials, CredentialsExpireAt, CredentialsRefreshable, UpdatedAt) =
        (protectedCredentials, expiresAt, refreshable, now);

    public void MarkUsed(DateTimeOffset now)
    {
        (LastUsedAt, UpdatedAt) = (now, now);
        if (IsExhausted && ExhaustedUntil <= now) (IsExhausted, ExhaustedUntil) = (false, null);
    }

    public void MarkExhausted(DateTimeOffset until, DateTimeOffset now) =>
        (IsExhausted, ExhaustedUntil, UpdatedAt) = (true, until, now);
}
