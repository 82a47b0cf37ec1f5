using Codewalkers.Collaboration.Domain;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Consumers;

/// <summary>
/// The Agents service would not resume an agent for its questions (no session, deleted, a provider that cannot
/// resume...): the questions that counted on that resume fail with its detail, in the same commit, so their askers
/// stop waiting. Only when the agent runs or waits anyway (it was resumed by someone else) do they keep waiting as
/// questions to a running agent.
/// </summary>
internal sealed class AgentResumeRefusedConsumer(
    CollaborationDbContext db, ILogger<AgentResumeRefusedConsumer> logger, TimeProvider clock)
    : InboxConsumer<AgentResumeRefused, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(AgentResumeRefused message, ConsumeContext<AgentResumeRefused> context)
    {
        if (!context.Passes(logger, AgentProjection.Problems(message.AgentId))) return;
        if (message.Reason != ResumeReasons.Conversation) return; // another service's resume
        var view = await Db.Agents.FindAsync([message.AgentId], context.CancellationToken);
        view?.ResumeRefused(message.RequestId);
        var counting = await Db.Conversations
            .Where(c => c.ToAgentId == message.AgentId && c.Status == ConversationStatus.Pending
                && c.ResumeRequestId == message.RequestId)
            .ToListAsync(context.CancellationToken);
        var name = view?.Name ?? message.AgentId;
        var now = clock.GetUtcNow();
        foreach (var conversation in counting)
        {
            if (view?.IsActive == true) conversation.ForgetResume();
            else conversation.Fail($"agent {name} could not be resumed: {message.Detail}", now);
        }
    }
}
