using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Chat;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Planning.Application;
using Codewalkers.Planning.Architects;
using Codewalkers.Planning.Assignments;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.ServiceDefaults;

namespace Codewalkers.Planning.Chat;

/// <summary>
/// Starts a turn: the first one (or the first after a reopen) spawns a chat agent with the target's full context and
/// the history; a later one resumes the session's agent with the message. Commands and events go through the outbox
/// with the turn's row, so a redelivered StartChatTurn finds the row and sends nothing twice.
/// </summary>
internal sealed class ChatTurnStarter(PlanningDbContext db, AssignmentBuilder builder, TimeProvider clock)
{
    public async Task StartAsync(StartChatTurn message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (string.IsNullOrWhiteSpace(message.Message))
        {
            Refuse(message, "The message is empty.", now);
            return;
        }
        var (target, refusal) = await ChatTarget.LoadAsync(db, message.TargetType, message.TargetId,
            cancellationToken);
        if (target is null)
        {
            Refuse(message, refusal!, now);
            return;
        }
        if (message.AgentId is { } agentId) await ResumeAsync(message, target, agentId, now, cancellationToken);
        else await SpawnAsync(message, target, now, cancellationToken);
    }

    private async Task SpawnAsync(StartChatTurn message, ChatTarget target, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var (initiative, phase, task) = target;
        var assignment = await builder.ForChatAsync(initiative, phase, task, message.History, message.Message,
            cancellationToken);
        var projects = await db.ProjectsOfAsync(initiative, cancellationToken);
        var record = AgentAssignment.Request(Ids.New(), AssignmentKind.Chat, AgentModes.Chat, initiative.Id,
            phase?.Id, task?.Id, now);
        db.Assignments.Add(record);
        db.ChatTurns.Add(ChatTurn.Start(message.TurnId, message.SessionId, record.Id, now));
        db.Send(InitiativeAgentSpawn.For(initiative, record.Id, AgentModes.Chat, assignment,
            ArchitectLauncher.Workspaces(projects), phase?.Id, task?.Id), AgentQueues.Commands);
        // ChatTurnStarted follows AgentSpawned: only then is there an agent to name.
    }

    private async Task ResumeAsync(StartChatTurn message, ChatTarget target, string agentId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var assignment = await ChatTurns.ByAgentIdAsync(db, agentId, cancellationToken);
        if (assignment is null || !target.Owns(assignment))
        {
            Refuse(message, $"Agent {agentId} is not a chat agent of this {message.TargetType}: close and reopen the " +
                "session to start a new agent with the history.", now);
            return;
        }
        if (await ChatTurns.OpenTurnAsync(db, assignment.Id, cancellationToken) is not null)
        {
            Refuse(message, "The agent is still answering the previous message.", now);
            return;
        }
        db.ChatTurns.Add(ChatTurn.Start(message.TurnId, message.SessionId, assignment.Id, now));
        // The turn id is the resume's request id: the Agents service resumes once per turn, and its refusal names it.
        db.Send(new ResumeAgent(message.TurnId, agentId, ResumeReasons.Message, null,
            ChatPrompt.Resume(message.Message)), AgentQueues.Commands);
        db.Publish(new ChatTurnStarted(message.TurnId, message.SessionId, agentId, assignment.AgentName ?? agentId,
            now));
    }

    private void Refuse(StartChatTurn message, string reason, DateTimeOffset now)
    {
        db.ChatTurns.Add(ChatTurn.Refused(message.TurnId, message.SessionId, reason, now));
        db.Publish(new ChatTurnFailed(message.TurnId, message.SessionId, message.AgentId, [reason], now));
    }
}
