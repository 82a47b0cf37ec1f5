namespace Codewalkers.Contracts.Planning;

/// <summary>An agent proposed a change (targetType page | phase | task; targetId null for a create).</summary>
public sealed record ProposalCreated(
    string ProposalId, string InitiativeId, string AgentId, string TargetType, string? TargetId, string Title,
    long Version, DateTimeOffset OccurredAt);

/// <summary>
/// A proposal was accepted or dismissed. <paramref name="AppliedEntityId"/>
/// is the entity accepting it created or changed.
/// </summary>
public sealed record ProposalStatusChanged(
    string ProposalId, string InitiativeId, string AgentId, string Status, string? AppliedEntityId, string? ChangeSetId,
    long Version, DateTimeOffset OccurredAt);

/// <summary>An agent-driven mutation was applied and recorded (source: proposals, chat).</summary>
public sealed record ChangeSetApplied(
    string ChangeSetId, string InitiativeId, string? AgentId, string Source, int EntryCount, DateTimeOffset OccurredAt);

/// <summary>A change set was reverted; the entity events of the revert are published alongside.</summary>
public sealed record ChangeSetReverted(string ChangeSetId, string InitiativeId, DateTimeOffset OccurredAt);
