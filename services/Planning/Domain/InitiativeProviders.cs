using System.Text.RegularExpressions;
using Codewalkers.SharedKernel.Errors;

namespace Codewalkers.Planning.Domain;

/// <summary>
/// The providers an initiative's agents may run on, in the order they are tried: the first runs every agent Planning
/// asks for; the rest are the fallbacks a later failover takes. Empty leaves the choice to the Agents service's
/// default. Only the shape is checked here: which providers exist is the Agents service's knowledge, and a spawn
/// naming one it does not know is refused there, visibly.
/// </summary>
public static partial class InitiativeProviders
{
    public const int MaxCount = 8;
    public const int MaxNameLength = 40;

    public static IReadOnlyList<string> Valid(IReadOnlyList<string?>? providers)
    {
        if (providers is null) return [];
        if (providers.Count > MaxCount)
            throw new ValidationException("providers", $"At most {MaxCount} providers, not {providers.Count}.");
        var valid = new List<string>(providers.Count);
        for (var i = 0; i < providers.Count; i++)
        {
            var name = providers[i];
            if (name is null || !NamePattern().IsMatch(name))
                throw new ValidationException($"providers[{i}]",
                    $"'{Shown(name)}' is not a provider name: lowercase letters, digits and '-', 1 to " +
                        $"{MaxNameLength} characters.");
            if (valid.Contains(name, StringComparer.Ordinal))
                throw new ValidationException($"providers[{i}]", $"Provider '{name}' is listed twice.");
            valid.Add(name);
        }
        return valid;
    }

    /// <summary>The provider every agent of the initiative runs on; null leaves it to the Agents service.</summary>
    public static string? First(Initiative initiative) => initiative.Providers.Count > 0 ? initiative.Providers[0] : null;

    // A bad entry is echoed in the problem, but bounded: a megabyte of junk is not worth repeating.
    private static string Shown(string? name) => name is null ? "null" : name.Length > 60 ? name[..60] + "..." : name;

    [GeneratedRegex("^[a-z0-9-]{1,40}$")]
    private static partial Regex NamePattern();
}
