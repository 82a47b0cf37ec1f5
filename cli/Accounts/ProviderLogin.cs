using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Accounts;

/// <summary>
/// A provider CLI's own login, as `cw account add` sends it to POST /api/accounts: the credentials file (a JSON
/// object, sent as it is and never shown), the config the system writes beside it, and the account's email.
/// </summary>
public sealed record ProviderLogin(string CredentialsPath, JsonElement Credentials, JsonElement? Config, string? Email);
