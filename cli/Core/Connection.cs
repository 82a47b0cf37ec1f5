namespace Codewalkers.Cli.Core;

/// <summary>
/// Where the gateway is and which token to send: <c>--api</c>, else <c>CW_API_URL</c>, else the local default;
/// <c>CW_TOKEN</c>, else the file <c>$CW_HOME/token</c> the system wrote at its first start.
/// </summary>
public sealed record Connection(Uri ApiUrl, string? Token, string TokenSource)
{
    public const string DefaultApiUrl = "http://127.0.0.1:5300";

    public static Connection Resolve(string? apiOption, CliHost host)
    {
        var api = FirstSet(apiOption, host.Environment("CW_API_URL")) ?? DefaultApiUrl;
        if (!Uri.TryCreate(api.TrimEnd('/') + "/", UriKind.Absolute, out var url)
            || url.Scheme is not ("http" or "https"))
            throw CliException.Usage($"--api / CW_API_URL '{api}' is not an http(s) address.");

        if (FirstSet(host.Environment("CW_TOKEN")) is { } token) return new(url, token.Trim(), "CW_TOKEN");
        var path = Path.Combine(Home(host), "token");
        return File.Exists(path) ? new(url, File.ReadAllText(path).Trim(), path) : new(url, null, path);
    }

    /// <summary>$CW_HOME, default ~/.codewalkers (the same rule the services follow).</summary>
    public static string Home(CliHost host)
    {
        var configured = host.Environment("CW_HOME");
        var profile = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrWhiteSpace(configured)) return Path.Combine(profile, ".codewalkers");
        return configured.StartsWith('~') ? Path.Combine(profile, configured.TrimStart('~', '/')) : configured;
    }

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
