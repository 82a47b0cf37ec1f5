using System.Diagnostics;
using Codewalkers.Errands.Domain;
using Codewalkers.Errands.Infrastructure;
using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Errands.Apis;

/// <summary>
/// A project registered a moment ago reaches Errands and the Agents service through the broker, a little later than
/// Planning's answer reaches the user: `cw project add` followed at once by `cw errand start` would otherwise be told
/// the project does not exist. A create waits a few seconds for the project to arrive, in Errands' read model
/// (<see cref="ReadModelArrival"/>) and then in the Agents service, before it says so.
/// </summary>
internal sealed class ProjectArrival
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly Stopwatch _waited = Stopwatch.StartNew();

    public static ProjectArrival Start() => new();

    private bool Patient => _waited.Elapsed < ReadModelArrival.Patience;

    /// <summary>
    /// The project as Errands knows it, or null if it is deleted (its tombstone answers at once) or has not arrived.
    /// </summary>
    public static async Task<ProjectView?> ProjectAsync(
        ErrandsDbContext db, string id, CancellationToken cancellationToken) =>
        await ReadModelArrival.WaitAsync(ct => db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct),
            cancellationToken) is { IsDeleted: false } project ? project : null;

    /// <summary>The project's branches, once the Agents service knows the project too.</summary>
    public async Task<IReadOnlyList<AgentsWorkspaceClient.BranchInfo>> BranchesAsync(
        AgentsWorkspaceClient agents, string projectId, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await agents.BranchesAsync(
                    projectId, "Nothing was created: the project's branches could not be read", cancellationToken);
            }
            catch (ProjectNotInAgentsYetException) when (Patient)
            {
                await Task.Delay(Poll, cancellationToken);
            }
        }
    }
}
