using Codewalkers.Architecture.Tests.Dependencies;

namespace Codewalkers.Architecture.Tests;

/// <summary>The rule itself, on made-up maps: each kind of violation is caught, a clean map passes.</summary>
public sealed class BoundaryRuleTests
{
    private const string Planning = "Codewalkers.Planning";
    private const string Agents = "Codewalkers.Agents";
    private const string Gateway = "Codewalkers.Gateway";
    private const string Errands = "Codewalkers.Errands";

    private static readonly IReadOnlySet<string> Services = Boundaries.KnownServices;

    private static Dictionary<string, IReadOnlySet<string>> CleanMap() => new()
    {
        [Boundaries.Contracts] = Set("System.Runtime"),
        [Boundaries.Messaging] = Set("MassTransit", "System.Runtime"),
        [Boundaries.ServiceDefaults] = Set("Microsoft.AspNetCore"),
        [Planning] = Set(
            Boundaries.Contracts, Boundaries.Messaging, Boundaries.ServiceDefaults, "Microsoft.EntityFrameworkCore"),
        [Agents] = Set(Boundaries.Contracts, Boundaries.Messaging, Boundaries.ServiceDefaults),
        [Gateway] = Set(Boundaries.ServiceDefaults, "Yarp.ReverseProxy"),
        [Errands] = Set(Boundaries.Contracts, Boundaries.Messaging, Boundaries.ServiceDefaults),
    };

    [Fact]
    public void A_map_that_follows_the_rules_has_no_violations() =>
        Assert.Empty(Boundaries.Violations(CleanMap(), Services));

    [Theory]
    [InlineData(Planning, Agents)]
    [InlineData(Gateway, Errands)]
    [InlineData(Errands, Planning)]
    [InlineData(Planning, "Codewalkers.AppHost")]
    [InlineData(Boundaries.Contracts, Boundaries.Messaging)]
    [InlineData(Boundaries.Contracts, Boundaries.ServiceDefaults)]
    [InlineData(Boundaries.Messaging, Planning)]
    [InlineData(Boundaries.ServiceDefaults, Gateway)]
    public void A_forbidden_reference_is_reported(string from, string to)
    {
        var map = CleanMap();
        map[from] = new HashSet<string>(map[from]) { to };

        var violation = Assert.Single(Boundaries.Violations(map, Services));
        Assert.StartsWith($"{from} -> {to}:", violation);
    }

    [Fact]
    public void A_service_not_in_the_known_list_is_still_held_to_the_rule()
    {
        var map = CleanMap();
        map["Codewalkers.Billing"] = Set(Boundaries.Contracts, Agents);

        var violation =
            Assert.Single(Boundaries.Violations(map, new HashSet<string>(Services) { "Codewalkers.Billing" }));
        Assert.StartsWith("Codewalkers.Billing -> Codewalkers.Agents:", violation);
    }

    private static HashSet<string> Set(params string[] names) => [.. names];
}
