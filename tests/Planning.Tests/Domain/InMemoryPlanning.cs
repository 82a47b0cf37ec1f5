using Codewalkers.Planning.Application;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Tests.Domain;

/// <summary>
/// A Planning model in an in-memory SQLite database: proposal application and reverts without a host.
/// </summary>
public sealed class InMemoryPlanning : IDisposable
{
    private readonly SqliteConnection _connection = new("DataSource=:memory:");

    public InMemoryPlanning()
    {
        _connection.Open();
        using var db = NewContext();
        db.Database.EnsureCreated();
        var now = DateTimeOffset.UtcNow;
        var initiative = Initiative.Create(
            "Checkout", $"cw/checkout-{Guid.NewGuid():N}", ExecutionMode.ReviewPerPhase, false, now);
        db.Initiatives.Add(initiative);
        db.Pages.Add(Page.CreateRoot(initiative, now));
        db.SaveChanges();
        InitiativeId = initiative.Id;
    }

    public string InitiativeId { get; }

    public PlanningDbContext NewContext() =>
        new(new DbContextOptionsBuilder<PlanningDbContext>().UseSqlite(_connection).Options);

    public async Task<Proposal> ProposeAsync(
        ProposalTargetType type,
        string title,
        string? metadata = null,
        string? targetId = null,
        int sortOrder = 0,
        string agent = "agent-1")
    {
        await using var db = NewContext();
        var initiative = await db.Initiatives.SingleAsync(i => i.Id == InitiativeId);
        var proposal = Proposal.Create(
            initiative, agent, type, targetId, title, null, $"# {title}", metadata, sortOrder, DateTimeOffset.UtcNow);
        db.Proposals.Add(proposal);
        await db.SaveChangesAsync();
        return proposal;
    }

    public async Task<ChangeSet> AcceptAsync(params string[] proposalIds)
    {
        await using var db = NewContext();
        var proposals = await db.Proposals.Where(p => proposalIds.Contains(p.Id)).ToListAsync();
        var changeSet = await new ProposalApplier(db, TimeProvider.System)
            .AcceptAsync(proposals, CancellationToken.None);
        await db.SaveChangesAsync();
        return changeSet;
    }

    public async Task RevertAsync(string changeSetId)
    {
        await using var db = NewContext();
        await new ChangeSetReverter(db, TimeProvider.System).RevertAsync(changeSetId, CancellationToken.None);
        await db.SaveChangesAsync();
    }

    public async Task<T> QueryAsync<T>(Func<PlanningDbContext, Task<T>> query)
    {
        await using var db = NewContext();
        return await query(db);
    }

    public void Dispose() => _connection.Dispose();
}
