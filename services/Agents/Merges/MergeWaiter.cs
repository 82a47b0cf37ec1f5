using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Merges;

/// <summary>
/// Holds a spawn until the merges its branches must start from (SpawnAgent.AfterMerges) have merged. Planning sends a
/// dependent task's spawn as soon as its dependencies are done, without waiting for their merges into the phase branch
/// to come back: the merge runs here anyway, so waiting here saves a round trip through Planning on every hand-off.
/// Each merge's outcome commits with its reply; that commit wakes the waiters (<see cref="MergeSettledTrigger"/>).
/// </summary>
public sealed class MergeWaiter(IOptions<AgentsOptions> options)
{
    private TaskCompletionSource _settled = NewSource();

    /// <summary>A merge outcome was committed: every waiter reads the outcomes again.</summary>
    public void Settled() => Interlocked.Exchange(ref _settled, NewSource()).TrySetResult();

    /// <summary>
    /// Null once every merge merged; otherwise why the spawn cannot start (one conflicted, failed or never came).
    /// </summary>
    public async Task<string?> WaitAsync(AgentsDbContext db, IReadOnlyList<string> requestIds,
        CancellationToken cancellationToken)
    {
        var wanted = requestIds.Distinct(StringComparer.Ordinal).ToList();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            // Taken before reading, so an outcome committed between the read and the wait still wakes this one.
            var next = _settled.Task;
            var outcomes = await db.MergeOutcomes.AsNoTracking().Where(o => wanted.Contains(o.RequestId))
                .ToListAsync(cancellationToken);
            if (outcomes.FirstOrDefault(o => o.Outcome != MergeOutcome.Merged) is { } unmerged)
                return $"The merge it starts from ({unmerged.RequestId}) {unmerged.Outcome}: {unmerged.Detail}";
            if (outcomes.Count == wanted.Count) return null;
            var left = options.Value.MergeWait - waited.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                var missing = string.Join(", ", wanted.Except(outcomes.Select(o => o.RequestId)));
                return $"The merges it starts from ({missing}) had not happened after {options.Value.MergeWait}.";
            }
            try { await next.WaitAsync(left, cancellationToken); }
            catch (TimeoutException) { /* read once more, then give up */ }
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A spawn refused because a merge it waited for did not merge; the sender may try again later.</summary>
public sealed class MergeNotLandedException(string message) : Exception(message);
