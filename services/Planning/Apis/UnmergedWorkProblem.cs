using Codewalkers.Planning.Execution;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Codewalkers.Planning.Apis;

/// <summary>
/// The 409 of a delete that would put work at risk: what is at risk in the detail and, for programs, as
/// <c>unmergedBranches</c> and <c>agentsAtWork</c>; <c>?force=true</c> deletes anyway (the work is saved first).
/// </summary>
internal static class UnmergedWorkProblem
{
    public static ProblemHttpResult For(string what, string name, WorkspaceClient.UnmergedWork atRisk) =>
        TypedResults.Problem(
            title: "Unmerged work",
            detail: $"The {what} '{name}' has work not merged into its default branch: {atRisk.Describe()}. "
                + "Merge or discard it first, or delete with force=true (the work is saved to refs/cw/saved/ first).",
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?>
            {
                ["unmergedBranches"] = atRisk.Branches,
                ["agentsAtWork"] = atRisk.Agents,
            });
}
