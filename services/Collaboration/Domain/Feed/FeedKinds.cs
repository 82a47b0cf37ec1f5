using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Errands;

namespace Codewalkers.Collaboration.Domain.Feed;

/// <summary>
/// The one vocabulary of activity feed kinds (<c>GET /api/events</c>, webhooks): <c>&lt;subject&gt;.&lt;what&gt;</c>,
/// where a status change is named after the new status as its event spells it. docs/events.md lists them.
/// </summary>
public static class FeedKinds
{
    public const string AgentRunning = "agent.running";
    public const string AgentIdle = "agent.idle";
    public const string AgentWaitingForInput = "agent.waiting_for_input";
    public const string AgentWaitingForCapacity = "agent.waiting_for_capacity";
    public const string AgentWaitingForAccount = "agent.waiting_for_account";
    public const string AgentStopped = "agent.stopped";
    public const string AgentCrashed = "agent.crashed";
    public const string AgentQuestionsAsked = "agent.questions_asked";

    public const string TaskPending = "task.pending";
    public const string TaskInProgress = "task.in_progress";
    public const string TaskQualityReview = "task.quality_review";
    public const string TaskCompleted = "task.completed";
    public const string TaskBlocked = "task.blocked";

    public const string PhasePending = "phase.pending";
    public const string PhaseApproved = "phase.approved";
    public const string PhaseInProgress = "phase.in_progress";
    public const string PhaseCompleted = "phase.completed";
    public const string PhaseBlocked = "phase.blocked";
    public const string PhasePendingReview = "phase.pending_review";

    public const string InitiativeActive = "initiative.active";
    public const string InitiativePendingReview = "initiative.pending_review";
    public const string InitiativeCompleted = "initiative.completed";
    public const string InitiativeArchived = "initiative.archived";

    public const string ErrandActive = "errand.active";
    public const string ErrandPendingReview = "errand.pending_review";
    public const string ErrandMerged = "errand.merged";
    public const string ErrandConflict = "errand.conflict";
    public const string ErrandAbandoned = "errand.abandoned";
    public const string ErrandDeleted = "errand.deleted";

    public const string ChatMessageCreated = "chat.message_created";
    public const string ChatSessionClosed = "chat.session_closed";

    public static readonly IReadOnlyList<string> All =
    [
        AgentRunning, AgentIdle, AgentWaitingForInput, AgentWaitingForCapacity, AgentStopped, AgentCrashed,
        AgentWaitingForAccount,
        AgentQuestionsAsked,
        TaskPending, TaskInProgress, TaskQualityReview, TaskCompleted, TaskBlocked,
        PhasePending, PhaseApproved, PhaseInProgress, PhaseCompleted, PhaseBlocked, PhasePendingReview,
        InitiativeActive, InitiativePendingReview, InitiativeCompleted, InitiativeArchived,
        ErrandActive, ErrandPendingReview, ErrandMerged, ErrandConflict, ErrandAbandoned, ErrandDeleted,
        ChatMessageCreated, ChatSessionClosed,
    ];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string? kind) => kind is not null && Known.Contains(kind);

    /// <summary>
    /// The kind for a subject entering <paramref name="status"/> (an agent, task, phase, initiative or errand status as
    /// the event carries it), or null when the status is not one the vocabulary knows (a newer publisher's word).
    /// </summary>
    public static string? ForStatus(string subject, string? status)
    {
        var kind = $"{subject}.{status}";
        return IsKnown(kind) && kind is not (AgentQuestionsAsked or ErrandDeleted) ? kind : null;
    }

    /// <summary>Every agent status has its kind; the test of the vocabulary keeps the two lists together.</summary>
    public static IEnumerable<string> AgentStatusKinds => AgentStatuses.All.Select(s => $"agent.{s}");

    /// <summary>Every errand status has its kind too.</summary>
    public static IEnumerable<string> ErrandStatusKinds => ErrandStatuses.All.Select(s => $"errand.{s}");
}
