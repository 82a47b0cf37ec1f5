using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Providers;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Apis;

/// <summary>The agent CLIs this service can run, whether each is installed here, and how many accounts it has.</summary>
public static class ProvidersApi
{
    public sealed record ProviderResponse(
        string Name, string Executable, bool Installed, string? Path, string? InstallHint, int Accounts, bool Untested);

    public static IEndpointRouteBuilder MapProvidersApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/providers").WithTags("Providers")
            .MapGet("/", ListAsync).WithName("ListProviders")
            .WithSummary("Each provider: its executable, whether it is installed (found where agents look), how to " +
                "install it, its account count (none: agents use the CLI's own login on this machine), and whether it is " +
                "untested (a preset written from the CLI's documentation that no test runs).");
        return routes;
    }

    private static async Task<ProviderResponse[]> ListAsync(
        ProviderCatalog catalog, AgentsDbContext db, CancellationToken cancellationToken)
    {
        var accounts = await db.Accounts.GroupBy(a => a.Provider)
            .Select(g => new { Provider = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Provider, g => g.Count, StringComparer.OrdinalIgnoreCase, cancellationToken);
        return [.. catalog.All.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p =>
        {
            var path = ExecutableLookup.Resolve(p.Executable);
            return new ProviderResponse(p.Name, p.Executable, path is not null, path, p.InstallHint,
                accounts.GetValueOrDefault(p.Name), p.Untested);
        })];
    }
}
