using Codewalkers.Contracts.Chat;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Planning.Assignments;
using Codewalkers.Planning.Chat;
using Codewalkers.Planning.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Consumers;

/// <summary>
/// Collaboration's command for one chat turn (queue planning-commands): refused with ChatTurnFailed when the target
/// cannot be chatted about, else the agent is spawned or resumed. Idempotent by TurnId as well as by message id: a
/// turn already known here sends nothing again.
/// </summary>
public sealed class StartChatTurnConsumer(PlanningDbContext db, AssignmentBuilder builder, TimeProvider clock)
    : InboxConsumer<StartChatTurn, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(StartChatTurn message, ConsumeContext<StartChatTurn> context)
    {
        // Without a turn or session id there is nothing to record the turn under, nor anyone to answer.
        if (string.IsNullOrWhiteSpace(message.TurnId) || string.IsNullOrWhiteSpace(message.SessionId)) return;
        if (await Db.ChatTurns.AnyAsync(t => t.Id == message.TurnId, context.CancellationToken)) return;
        await new ChatTurnStarter(Db, builder, clock).StartAsync(message, context.CancellationToken);
    }
}
