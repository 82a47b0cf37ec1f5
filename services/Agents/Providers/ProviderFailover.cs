using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Supervision;
using Codewalkers.SharedKernel.Errors;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Providers;

/// <summary>
/// Where an agent whose provider has no account left goes on: the next provider its spawn allowed (in that order)
/// whose CLI is installed and which has an available account; or, when none has, until when it waits (the earliest
/// reset among them). An exhausted account is never available before its reset, so nothing is tried twice early.
/// </summary>
public sealed class ProviderFailover(
    ProviderCatalog providers, AccountPool accounts, IOptions<AgentsOptions> options)
{
    public sealed record Choice(ProviderDefinition Provider, Account Account);

    /// <summary>Another allowed provider with an available account, or null.</summary>
    public async Task<Choice?> NextAsync(AgentsDbContext db, Agent agent, CancellationToken cancellationToken)
    {
        foreach (var provider in Usable(agent))
        {
            if (provider.Name == agent.Provider) continue;
            if (await accounts.SelectAsync(db, provider.Name, null, cancellationToken) is { } account)
                return new Choice(provider, account);
        }
        return null;
    }

    /// <summary>
    /// When the first exhausted account of any allowed provider resets; the default exhaustion when none says.
    /// </summary>
    public async Task<DateTimeOffset> WaitUntilAsync(
        AgentsDbContext db, Agent agent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DateTimeOffset? earliest = null;
        foreach (var provider in Usable(agent))
            if (await accounts.EarliestResetAsync(db, provider.Name, cancellationToken) is { } reset
                && (earliest is null || reset < earliest))
                earliest = reset;
        return earliest ?? now + options.Value.DefaultExhaustion;
    }

    /// <summary>
    /// The allowed providers this service knows and whose CLI is installed (a provider file or a machine may have
    /// changed since the spawn).
    /// </summary>
    private IEnumerable<ProviderDefinition> Usable(Agent agent)
    {
        foreach (var name in agent.AllowedProviderList)
        {
            ProviderDefinition provider;
            try { provider = providers.Get(name); }
            catch (ValidationException) { continue; }
            if (ExecutableLookup.Resolve(provider.Executable) is not null) yield return provider;
        }
    }
}
