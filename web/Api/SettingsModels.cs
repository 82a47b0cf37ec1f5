namespace Codewalkers.Web.Api;

/// <summary>A registered project (services/Planning/Apis/ProjectsApi.cs).</summary>
public sealed record SettingsProject(
    string Id, string Name, string Url, string DefaultBranch, DateTimeOffset? LastFetchedAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A provider account (services/Agents/Apis/AccountsApi.cs); its secrets never come back.</summary>
public sealed record SettingsAccount(
    string Id, string Email, string Provider, bool IsExhausted, DateTimeOffset? ExhaustedUntil,
    DateTimeOffset? LastUsedAt, int SortOrder, bool HasCredentials, DateTimeOffset CreatedAt);

/// <summary>An agent CLI the Agents service can run (services/Agents/Apis/ProvidersApi.cs).</summary>
public sealed record SettingsProvider(
    string Name, string Executable, bool Installed, string? Path, string? InstallHint, int Accounts);
