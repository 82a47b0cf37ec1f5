namespace Codewalkers.Web.Components.Pages.Settings;

/// <summary>
/// The gateway's /health body (ServiceDefaults/HealthEndpoints.cs): the overall status on the first line, then one
/// line <c>name: Status - description</c> per check that is not healthy. The gateway has one check per service
/// (gateway/DownstreamHealthCheck.cs), so a service without a line is healthy.
/// </summary>
public sealed record HealthReport(string Overall, IReadOnlyList<HealthReport.Service> Services)
{
    public sealed record Service(string Name, string Status, string Reason);

    /// <summary>The services behind the gateway (gateway/RouteTable.cs), the web app included.</summary>
    public static readonly IReadOnlyList<string> Known = ["planning", "agents", "collaboration", "errands", "web"];

    public static HealthReport Parse(string body)
    {
        var lines = body.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var overall = lines.Length == 0 ? "Unhealthy" : lines[0].Trim();
        var problems = lines.Skip(1).Select(ParseLine).OfType<Service>().ToList();
        var services = Known.Select(name => problems.FirstOrDefault(p => p.Name == name) ?? new Service(name, "Healthy", ""))
            .Concat(problems.Where(p => !Known.Contains(p.Name)));
        return new HealthReport(overall, [.. services]);
    }

    private static Service? ParseLine(string line)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0) return null;
        var rest = line[(colon + 2)..];
        var dash = rest.IndexOf(" - ", StringComparison.Ordinal);
        return dash < 0
            ? new Service(line[..colon], rest.Trim(), "")
            : new Service(line[..colon], rest[..dash].Trim(), rest[(dash + 3)..].Trim());
    }
}
