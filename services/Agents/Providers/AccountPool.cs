using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Supervision;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Outbox;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Providers;

/// <summary>
/// Provider accounts: secrets encrypted at rest with ASP.NET Data Protection (keys under $CW_HOME/keys), selected
/// least recently used among those not exhausted, and materialised as a private per-account config dir for the CLI.
/// </summary>
public sealed class AccountPool(
    IDataProtectionProvider protection, CodewalkersHome home, ProviderCatalog providers,
    TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Codewalkers.Agents.Accounts.v1");

    public string Protect(string? plain) => plain is null ? "" : _protector.Protect(plain);

    public string? Unprotect(string? cipher) => string.IsNullOrEmpty(cipher) ? null : _protector.Unprotect(cipher);

    public string ConfigDir(string accountId) => Path.Combine(home.Root, "accounts", accountId);

    /// <summary>
    /// The least recently used available account of the provider, or null when the provider has none at all.
    /// </summary>
    /// <remarks>
    /// An account whose credentials expired with nothing to renew them is skipped, and its expiry published once
    /// (<see cref="AccountCredentialsExpired"/>, saved with the caller's changes).
    /// </remarks>
    public async Task<Account?> SelectAsync(
        AgentsDbContext db, string provider, string? excludeId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var accounts = await db.Accounts.Where(a => a.Provider == provider).ToListAsync(cancellationToken);
        foreach (var expired in accounts.Where(a => a.IsExpired(now) && a.ReportExpiry()))
            db.Publish(new AccountCredentialsExpired(expired.Id, expired.Provider, expired.Email,
                expired.CredentialsExpireAt!.Value, now));
        return accounts.Where(a => a.Id != excludeId && a.IsAvailable(now))
            .OrderBy(a => a.LastUsedAt ?? DateTimeOffset.MinValue).ThenBy(a => a.SortOrder).FirstOrDefault();
    }

    /// <summary>When the first exhausted account of the provider resets (what a waiting agent shows).</summary>
    public async Task<DateTimeOffset?> EarliestResetAsync(
        AgentsDbContext db, string provider, CancellationToken cancellationToken)
    {
        // Tracked entities first: an account marked exhausted in this unit of work is not saved yet.
        var accounts = await db.Accounts.Where(a => a.Provider == provider).ToListAsync(cancellationToken);
        return accounts.Where(a => a.IsExhausted && a.ExhaustedUntil is not null).Min(a => a.ExhaustedUntil);
    }

    public static async Task<bool> ProviderHasAccountsAsync(
        AgentsDbContext db, string provider, CancellationToken cancellationToken) =>
        await db.Accounts.AnyAsync(a => a.Provider == provider, cancellationToken);

    /// <summary>
    /// The account a session runs on: the current one while it is available, else the least recently used; none for a
    /// provider without accounts (its CLI uses its own login). Throws <see cref="NoAccountException"/> when every
    /// account is exhausted.
    /// </summary>
    public async Task<(Account? Account, string? ConfigDir)> PickAsync(
        AgentsDbContext db, ProviderDefinition provider, string? currentId, CancellationToken cancellationToken)
    {
        if (!await ProviderHasAccountsAsync(db, provider.Name, cancellationToken)) return (null, null);
        var current = currentId is null ? null : await db.Accounts.FindAsync([currentId], cancellationToken);
        var account = current is not null && current.IsAvailable(clock.GetUtcNow()) ? current
            : await SelectAsync(db, provider.Name, null, cancellationToken)
                ?? throw new NoAccountException(provider.Name);
        return (account, Materialise(account));
    }

    /// <summary>
    /// Writes the account's credentials and config into its private config dir (0700, files 0600), under the file
    /// names its provider's CLI reads (e.g. Claude's .credentials.json, Codex's auth.json), and returns the dir.
    /// </summary>
    /// <remarks>
    /// Credentials the CLI rewrote there since (a refreshed or rotated token, by a run still going on the same account)
    /// are taken first (<see cref="AdoptRewrittenCredentials"/>), not overwritten with the older stored ones.
    /// </remarks>
    public string Materialise(Account account)
    {
        AdoptRewrittenCredentials(account);
        var provider = providers.Get(account.Provider);
        var dir = ConfigDir(account.Id);
        PrivateFiles.EnsurePrivateDirectory(Path.GetDirectoryName(dir)!);
        PrivateFiles.EnsurePrivateDirectory(dir);
        if (provider.ConfigTemplate is { } template)
            foreach (var file in Directory.EnumerateFiles(template, "*", SearchOption.AllDirectories))
                WritePrivate(Path.Combine(dir, Path.GetRelativePath(template, file)), File.ReadAllText(file));
        WritePrivate(Path.Combine(dir, provider.CredentialsFile), Unprotect(account.ProtectedCredentials));
        if (provider.ConfigFile is { } configFile)
            WritePrivate(Path.Combine(dir, configFile), Unprotect(account.ProtectedConfig) ?? provider.DefaultConfig);
        return dir;
    }

    /// <summary>
    /// Stores back (encrypted, on the tracked <paramref name="account"/>; the caller saves) the credentials file of the
    /// account's config dir when its CLI rewrote it with a login of the provider's format: a CLI refreshing an expired
    /// access token writes the new one there, and a rotated refresh token makes the stored one useless. Returns whether
    /// it did. Nothing of the file is logged.
    /// </summary>
    public bool AdoptRewrittenCredentials(Account account)
    {
        var path = Path.Combine(ConfigDir(account.Id), providers.Get(account.Provider).CredentialsFile);
        string written;
        try
        {
            if (!File.Exists(path)) return false;
            written = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        if (written == Unprotect(account.ProtectedCredentials)
            || AccountCredentials.ReadRewritten(account.Provider, written) is not { } life)
            return false;
        account.ReplaceCredentials(Protect(written), life.ExpiresAt, life.Refreshable, clock.GetUtcNow());
        return true;
    }

    /// <summary>
    /// Removes everything written for the account: its credentials, its config and whatever the CLI kept in its config
    /// dir (sessions, refreshed tokens). A deleted account leaves no secret on disk.
    /// </summary>
    public void Forget(string accountId)
    {
        var dir = ConfigDir(accountId);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    /// <summary>Copies session transcripts so the next account's CLI can resume the same session.</summary>
    public void CarryTranscripts(ProviderDefinition provider, string fromAccountId, string toAccountId)
    {
        if (provider.TranscriptDirectory is not { } sub) return;
        var source = Path.Combine(ConfigDir(fromAccountId), sub);
        if (!Directory.Exists(source)) return;
        var target = Path.Combine(ConfigDir(toAccountId), sub);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            PrivateFiles.EnsurePrivateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
            PrivateFiles.Tighten(destination);
        }
    }

    private static void WritePrivate(string path, string? content)
    {
        if (content is null) return;
        // Some CLIs keep their files a level down (gemini: .gemini/oauth_creds.json): that directory is private too.
        PrivateFiles.EnsurePrivateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = PrivateFiles.FileMode;
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(content);
        // The create mode applies to a new file only: one left from before (or rewritten by the CLI) is made 0600 too.
        PrivateFiles.Tighten(path);
    }
}

/// <summary>Every account of the provider is exhausted: the request can be tried again once one resets.</summary>
public sealed class NoAccountException(string provider) : ConflictException(
    $"Every {provider} account is exhausted or expired; try again once one resets (GET /api/accounts) or add one.",
    "No account available");
