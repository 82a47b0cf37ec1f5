using Microsoft.Extensions.Configuration;

namespace Codewalkers.ServiceDefaults;

/// <summary>
/// Where Codewalkers keeps its state: <c>$CW_HOME</c>, default <c>~/.codewalkers</c>. The AppHost passes the same
/// value to every service, so databases, workspace, token and data-protection keys all live under one root.
/// </summary>
public sealed class CodewalkersHome(string root)
{
    public const string ConfigurationKey = "CW_HOME";

    public string Root { get; } = Path.GetFullPath(root);
    public string DataDirectory => Path.Combine(Root, "data");
    public string TokenPath => Path.Combine(Root, "token");
    public string WorkspaceDirectory => Path.Combine(Root, "workspace");
    public string KeysDirectory => Path.Combine(Root, "keys");

    public string DatabasePath(string service) => Path.Combine(DataDirectory, $"{service}.db");

    public static CodewalkersHome From(IConfiguration configuration) => new(Resolve(configuration[ConfigurationKey]));

    public static string Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.StartsWith('~')
                ? Path.Combine(
                    Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), configured.TrimStart('~', '/'))
                : configured;
        }
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".codewalkers");
    }
}
