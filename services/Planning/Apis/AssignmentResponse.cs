using Codewalkers.Planning.Domain;
using Codewalkers.SharedKernel;

namespace Codewalkers.Planning.Apis;

public sealed record AssignmentResponse(
    string Id, string Kind, string Mode, string InitiativeId, string? PhaseId, string? TaskId, string? AgentId,
    string? AgentName, string Status, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public static AssignmentResponse From(AgentAssignment a) => new(
        a.Id, a.Kind.ToText(), a.Mode, a.InitiativeId, a.PhaseId, a.TaskId, a.AgentId, a.AgentName, a.Status.ToText(),
        a.Error, a.CreatedAt, a.FinishedAt);
}
