namespace Codewalkers.Architecture.Tests.Dependencies;

/// <summary>
/// The house rule on references between Codewalkers assemblies, as a pure function over a dependency map so the
/// same rule runs on the real solution and on made-up maps that must fail.
/// </summary>
public static class Boundaries
{
    public const string Prefix = "Codewalkers.";
    public const string Contracts = "Codewalkers.Contracts";
    public const string Messaging = "Codewalkers.Messaging";
    public const string Persistence = "Codewalkers.Persistence";
    public const string ServiceDefaults = "Codewalkers.ServiceDefaults";
    public const string SharedKernel = "Codewalkers.SharedKernel";

    /// <summary>The only assemblies services may share: the shared building blocks.</summary>
    public static readonly IReadOnlySet<string> Shared =
        new HashSet<string> { Contracts, Messaging, Persistence, ServiceDefaults, SharedKernel };

    /// <summary>
    /// The services that exist today; every project under services/, gateway/ or web/ that is not shared is one too.
    /// </summary>
    public static readonly IReadOnlySet<string> KnownServices = new HashSet<string>
    {
        "Codewalkers.Planning",
        "Codewalkers.Agents",
        "Codewalkers.Collaboration",
        "Codewalkers.Errands",
        "Codewalkers.Gateway",
        // The web app: a client of the gateway like `cw`, held to the services' rule (shared blocks only).
        "Codewalkers.Web",
    };

    /// <param name="dependencies">Assembly name -> the assembly names it references directly.</param>
    /// <param name="services">Which of the assemblies are services.</param>
    /// <returns>One line per forbidden reference; empty when the map obeys the rule.</returns>
    public static IReadOnlyList<string> Violations(
        IReadOnlyDictionary<string, IReadOnlySet<string>> dependencies, IReadOnlySet<string> services)
    {
        var violations = new List<string>();
        foreach (var (from, targets) in dependencies.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            foreach (var to in targets.Where(IsCodewalkers).Where(t => t != from).Order(StringComparer.Ordinal))
            {
                var reason = Check(from, to, services);
                if (reason is not null) violations.Add($"{from} -> {to}: {reason}");
            }
        }
        return violations;
    }

    private static string? Check(string from, string to, IReadOnlySet<string> services)
    {
        if (from is Contracts or SharedKernel)
            return $"{from[Prefix.Length..]} must not reference any other Codewalkers assembly";
        if (from is Messaging or Persistence or ServiceDefaults)
            return Shared.Contains(to)
                ? null
                : $"shared building blocks reference only {string.Join(", ", Shared.Order())}";
        if (services.Contains(from))
            return Shared.Contains(to) ? null
                : services.Contains(to) ? "a service must not reference another service; use events, commands or HTTP"
                : $"a service may reference only {string.Join(", ", Shared.Order())}";
        return null;
    }

    private static bool IsCodewalkers(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);
}
