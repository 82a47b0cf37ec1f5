using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Chat;

namespace Codewalkers.Collaboration.Domain.Chat;

/// <summary>What the chat says on the agent's behalf or the system's.</summary>
public static class ChatTexts
{
    public static string Reply(ChatTurnCompleted turn) =>
        string.IsNullOrWhiteSpace(turn.Reply)
            ? turn.ChangeSetId is null ? "(The agent finished without a reply.)" : "(The agent edited the plan.)"
            : turn.Reply;

    public static string Failed(IReadOnlyList<string>? problems) =>
        problems is { Count: > 0 }
            ? "The turn failed:\n" + string.Join("\n", problems.Select(p => $"- {p}"))
            : "The turn failed.";

    public static string Questions(IReadOnlyList<AgentQuestion> questions) =>
        (questions.Count == 1 ? "The agent asks:\n" : "The agent asks (answer in your next message):\n")
        + string.Join("\n", questions.Select(q => q.Options is { Count: > 0 } options
            ? $"- {q.Question} (options: {string.Join(", ", options)})"
            : $"- {q.Question}"));

    public static string Crashed(string agentName, string reason) =>
        $"The agent {agentName} crashed ({reason}). Your next message starts a new agent with this conversation.";

    public static string Reverted(ChatMessage message) =>
        message.ChangeList is { Count: > 0 } changes
            ? $"Reverted change set {message.ChangeSetId}, undoing: " + string.Join("; ", changes.Select(c =>
                $"{c.Action} {c.EntityType} '{c.Title}' ({c.EntityId})")) + "."
            : $"Reverted change set {message.ChangeSetId}.";
}
