using Codewalkers.Contracts.Chat;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Chat;

/// <summary>
/// Finds the chat assignment an agent event is about (architect and task assignments are other consumers') and its
/// open turn, and ends a turn that failed, announcing it to Collaboration in the same commit.
/// </summary>
internal static class ChatTurns
{
    public static async Task<AgentAssignment?> ByRequestAsync(PlanningDbContext db, string requestId,
        CancellationToken cancellationToken) =>
        await db.Assignments.FirstOrDefaultAsync(a => a.Id == requestId && a.Kind == AssignmentKind.Chat,
            cancellationToken);

    public static async Task<AgentAssignment?> ByAgentIdAsync(PlanningDbContext db, string agentId,
        CancellationToken cancellationToken) =>
        await db.Assignments.FirstOrDefaultAsync(a => a.AgentId == agentId && a.Kind == AssignmentKind.Chat,
            cancellationToken);

    /// <summary>The turn the assignment's agent is answering; at most one, a new turn waits for it to end.</summary>
    public static async Task<ChatTurn?> OpenTurnAsync(PlanningDbContext db, string assignmentId,
        CancellationToken cancellationToken) =>
        await db.ChatTurns.FirstOrDefaultAsync(t => t.AssignmentId == assignmentId
            && t.Status == ChatTurnStatus.Working, cancellationToken);

    public static void Fail(PlanningDbContext db, ChatTurn turn, string? agentId, IReadOnlyList<string> problems,
        DateTimeOffset now)
    {
        turn.Fail(string.Join("\n", problems), now);
        db.Publish(new ChatTurnFailed(turn.Id, turn.SessionId, agentId, problems, now));
    }

    /// <summary>
    /// The agent will not answer (never started, crashed, stopped, deleted): the assignment fails and so does the turn
    /// it was answering, if any.
    /// </summary>
    public static async Task EndAsync(PlanningDbContext db, AgentAssignment assignment, string why,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (assignment.IsOpen) assignment.Fail(why, now);
        if (await OpenTurnAsync(db, assignment.Id, cancellationToken) is { } turn)
            Fail(db, turn, assignment.AgentId, [why], now);
    }
}
