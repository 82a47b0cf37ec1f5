namespace Codewalkers.Contracts.Agents;

/// <summary>
/// Every account of <paramref name="FromProvider"/> was exhausted (or expired), so the agent's run continues on
/// <paramref name="ToProvider"/> (the next one its spawn allowed, <see cref="SpawnAgent.FallbackProviders"/>) as a new
/// session whose prompt carries the transcript so far. <paramref name="Session"/> is the session that ended.
/// </summary>
public sealed record AgentProviderSwitched(
    string AgentId, string Name, AgentContext Context, string FromProvider, string? FromAccountId, string ToProvider,
    string? ToAccountId, int Session, string Reason, DateTimeOffset OccurredAt);

/// <summary>
/// An account's credentials expired (<paramref name="ExpiredAt"/>, read from them) and cannot be refreshed by its
/// CLI (no refresh token), so agents skip it; published once per expiry, when an agent would have taken it.
/// </summary>
public sealed record AccountCredentialsExpired(
    string AccountId, string Provider, string Email, DateTimeOffset ExpiredAt, DateTimeOffset OccurredAt);
