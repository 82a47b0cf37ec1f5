using Codewalkers.Contracts.Agents;
using Codewalkers.Planning.Domain;

namespace Codewalkers.Planning.Assignments;

/// <summary>
/// The one way Planning asks for an agent working for an initiative (architect, chat, execution, reviewer): on the
/// initiative's first provider unless the caller names one for this run, with the initiative's other providers as the
/// failover the Agents service may walk.
/// </summary>
public static class InitiativeAgentSpawn
{
    public static SpawnAgent For(
        Initiative initiative, string requestId, string mode, Assignment assignment,
        IReadOnlyList<AgentWorkspaceProject> workspace, string? phaseId, string? taskId,
        string? provider = null, IReadOnlyList<string>? afterMerges = null, string? verifyCommand = null) =>
        new(requestId, mode, assignment.Prompt, provider ?? InitiativeProviders.First(initiative), taskId, phaseId,
            initiative.Id, ErrandId: null, workspace, assignment.InputFiles, assignment.RequiredOutputs, afterMerges,
            FallbackProviders: [.. initiative.Providers.Skip(1)], VerifyCommand: verifyCommand);
}
