using System.Globalization;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Providers;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// The budgets an agent's launch must fit in: its initiative's and those of the projects it works in. A budget whose
/// spend has reached its limit holds the agent back, with a reason the user reads
/// ("budget: initiative Checkout spent $1.23 of $1.00").
/// </summary>
public sealed class AdmissionBudgets(IDbContextFactory<AgentsDbContext> databases, PriceTable prices)
{
    private const int NameLength = 60;

    public async Task<IReadOnlyList<string>> ShortfallsAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // Most installations set no budget: one cheap look before anything else.
        if (!await db.Budgets.AnyAsync(cancellationToken)) return [];
        var initiativeId = await db.Agents.AsNoTracking().Where(a => a.Id == agentId).Select(a => a.InitiativeId)
            .FirstOrDefaultAsync(cancellationToken);
        var projectIds = await db.AgentProjects.AsNoTracking().Where(p => p.AgentId == agentId)
            .Select(p => p.ProjectId).ToListAsync(cancellationToken);
        var budgets = await db.Budgets.AsNoTracking()
            .Where(b => (b.Scope == UsageBudget.Initiative && b.ScopeId == initiativeId)
                || (b.Scope == UsageBudget.Project && projectIds.Contains(b.ScopeId)))
            .ToListAsync(cancellationToken);
        var missed = new List<string>();
        foreach (var budget in budgets.OrderBy(b => b.Scope, StringComparer.Ordinal))
        {
            var spent = (await UsageLedger.SpentAsync(db, prices, budget, cancellationToken)).CostUsd ?? 0;
            if (spent < budget.LimitUsd) continue;
            var name = await NameAsync(db, budget, cancellationToken);
            missed.Add(string.Create(CultureInfo.InvariantCulture,
                $"budget: {budget.Scope} {name} spent ${spent:0.00##} of ${budget.LimitUsd:0.00##}"));
        }
        return missed;
    }

    /// <summary>The name the user knows it by (shortened to fit a status reason), else its id.</summary>
    public static async Task<string> NameAsync(AgentsDbContext db, UsageBudget budget,
        CancellationToken cancellationToken)
    {
        var name = budget.Scope == UsageBudget.Project
            ? await db.Projects.AsNoTracking().Where(p => p.Id == budget.ScopeId).Select(p => p.Name)
                .FirstOrDefaultAsync(cancellationToken)
            : await db.PlanningViews.AsNoTracking()
                .Where(v => v.Kind == PlanningView.Initiative && v.Id == budget.ScopeId).Select(v => v.Name)
                .FirstOrDefaultAsync(cancellationToken);
        name = string.IsNullOrEmpty(name) ? budget.ScopeId : name;
        return name.Length > NameLength ? $"{name[..(NameLength - 1)]}…" : name;
    }
}
