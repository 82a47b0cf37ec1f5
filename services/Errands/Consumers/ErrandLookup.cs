using Codewalkers.Contracts.Agents;
using Codewalkers.Errands.Domain;
using Codewalkers.Errands.Infrastructure;
using Codewalkers.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Errands.Consumers;

/// <summary>
/// Finds the errand a message of the Agents service is about: by the errand id agent events carry, or by the id of
/// the request we sent. Anything else (another service's agent, a request that is not ours) finds nothing.
/// </summary>
internal static class ErrandLookup
{
    public static async Task<Errand?> ErrandOfAsync(
        this ErrandsDbContext db, AgentContext? context, CancellationToken cancellationToken) =>
        context?.ErrandId is { } errandId && Ids.IsValid(errandId)
            ? await db.Errands.FirstOrDefaultAsync(e => e.Id == errandId, cancellationToken)
            : null;

    public static Task<Errand?> ErrandMergingAsync(
        this ErrandsDbContext db, string requestId, CancellationToken cancellationToken) =>
        db.Errands.FirstOrDefaultAsync(e => e.MergeRequestId == requestId, cancellationToken);

    public static Task<Errand?> ErrandResumedByAsync(
        this ErrandsDbContext db, string requestId, CancellationToken cancellationToken) =>
        db.Errands.FirstOrDefaultAsync(e => e.ResumeRequestId == requestId, cancellationToken);

    public static Task<Errand?> ErrandDiscardedByAsync(
        this ErrandsDbContext db, string requestId, CancellationToken cancellationToken) =>
        db.Errands.FirstOrDefaultAsync(e => e.DiscardRequestId == requestId, cancellationToken);
}
