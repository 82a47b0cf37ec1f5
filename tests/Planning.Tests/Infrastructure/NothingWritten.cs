using Codewalkers.Messaging.Outbox;
using Codewalkers.Planning.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Tests.Infrastructure;

public static class NothingWritten
{
    /// <summary>Runs a request that must be refused and asserts it left no project and no outbox row behind.</summary>
    public static async Task AssertNothingWrittenAsync(this PlanningFactory factory, Func<Task> refusedRequest)
    {
        var before = await factory.QueryAsync(CountRowsAsync);
        await refusedRequest();
        Assert.Equal(before, await factory.QueryAsync(CountRowsAsync));
    }

    private static async Task<(int Projects, int Outbox, int Planning)> CountRowsAsync(PlanningDbContext db) =>
        (await db.Projects.CountAsync(), await db.Set<OutboxMessage>().CountAsync(),
         await db.Initiatives.CountAsync() + await db.Pages.CountAsync() + await db.Phases.CountAsync()
         + await db.Tasks.CountAsync() + await db.PhaseDependencies.CountAsync()
         + await db.TaskDependencies.CountAsync() + await db.Proposals.CountAsync()
         + await db.ChangeSets.CountAsync() + await db.InitiativeProjects.CountAsync());
}
