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
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    private Account() { }

    public static Account Create(string id, string email, string provider, string? protectedConfig,
        string? protectedCredentials, int sortOrder, DateTimeOffset now) =>
        new()
        {
            Id = id, Email = email, Provider = provider, ProtectedConfig = protectedConfig,
            ProtectedCredentials = protectedCredentials, SortOrder = sortOrder, CreatedAt = now, UpdatedAt = now,
        };

    public bool IsAvailable(DateTimeOffset now) => !IsExhausted || (ExhaustedUntil is { } until && until <= now);

    public void MarkUsed(DateTimeOffset now)
    {
        (LastUsedAt, UpdatedAt) = (now, now);
        if (IsExhausted && ExhaustedUntil <= now) (IsExhausted, ExhaustedUntil) = (false, null);
    }

    public void MarkExhausted(DateTimeOffset until, DateTimeOffset now) =>
        (IsExhausted, ExhaustedUntil, UpdatedAt) = (true, until, now);
}
