using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Apis;

/// <summary>
/// The evidence of merged-result checks (MergeBranches with VerifyMergedResult): the project's verify command run on a
/// merge commit before its target moved, passed or not.
/// </summary>
public static class MergedResultChecksApi
{
    public sealed record MergedResultCheckResponse(
        long Id, string RequestId, string ProjectId, string Project, string SourceBranch, string TargetBranch,
        string MergeCommit, string Command, int? ExitCode, bool TimedOut, bool Passed, long DurationMs,
        string OutputTail, DateTimeOffset At);

    /// <summary>The most a list answers: a branch is merged (and checked) a few times, not hundreds.</summary>
    private const int MaxListed = 100;

    public static IEndpointRouteBuilder MapMergedResultChecksApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/workspace/verifications").WithTags("Workspace")
            .MapGet("/", ListAsync).WithName("ListMergedResultChecks")
            .WithSummary("Checks of merged results, newest first: those merging from or into `branch`, or of one " +
                "merge (`requestId`), optionally of one project.");
        return routes;
    }

    private static async Task<Ok<MergedResultCheckResponse[]>> ListAsync(
        string? branch, string? requestId, string? projectId, AgentsDbContext db, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(branch) && string.IsNullOrWhiteSpace(requestId))
            throw new ValidationException("branch",
                "Say which checks: `branch` (merged from or into it) or `requestId` (one merge).");
        var checks = db.MergedResultChecks.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(branch))
            checks = checks.Where(c => c.SourceBranch == branch || c.TargetBranch == branch);
        if (!string.IsNullOrWhiteSpace(requestId)) checks = checks.Where(c => c.RequestId == requestId);
        if (!string.IsNullOrWhiteSpace(projectId)) checks = checks.Where(c => c.ProjectId == projectId);
        var found = await checks.OrderByDescending(c => c.Id).Take(MaxListed).ToListAsync(cancellationToken);
        return TypedResults.Ok(found.Select(ToResponse).ToArray());
    }

    private static MergedResultCheckResponse ToResponse(MergedResultCheck c) => new(
        c.Id, c.RequestId, c.ProjectId, c.ProjectName, c.SourceBranch, c.TargetBranch, c.MergeCommit, c.Command,
        c.ExitCode, c.TimedOut, c.Passed, c.DurationMs, c.OutputTail, c.At);
}
