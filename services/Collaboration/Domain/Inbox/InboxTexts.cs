namespace Codewalkers.Collaboration.Domain.Inbox;

/// <summary>What the inbox says for the events that raise or close an item.</summary>
public static class InboxTexts
{
    public static string TaskCompleted(string task) => $"Task '{task}' is completed.";

    public static string TaskBlocked(string task) => $"Task '{task}' is blocked.";

    public static string PhasePendingReview(string phase) => $"Phase '{phase}' is waiting for your review.";

    public static string AgentCrashed(string agent, string reason) => $"Agent {agent} crashed ({reason}).";

    /// <summary>Why a question item closed: the agent left waiting_for_input without the inbox's answer.</summary>
    public static string NoLongerWaiting(string agent, string status) => status == "running"
        ? $"Agent {agent} was answered another way and is running."
        : $"Agent {agent} is {status}; it no longer waits for answers.";

    public static string AgentDeleted(string agent) => $"Agent {agent} was deleted.";
}
