using Codewalkers.Collaboration.Domain;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Consumers;

/// <summary>
/// A review agent that finished writes <c>.cw/output/review-replies.json</c>: its replies become comments in their
/// threads (author: the agent) and the threads it settled are resolved. Each entry is checked against the agent's
/// phase first; an unknown or foreign comment id, or an entry that breaks the rules, is logged and skipped whole, so
/// nothing is half-applied. The rest commits together.
/// </summary>
internal sealed class ReviewRepliesConsumer(CollaborationDbContext db, ILogger<ReviewRepliesConsumer> logger,
    TimeProvider clock)
    : InboxConsumer<AgentCompleted, CollaborationDbContext>(db)
{
    protected override async Task HandleAsync(AgentCompleted message, ConsumeContext<AgentCompleted> context)
    {
        var file = message.Outputs.FirstOrDefault(o => o.Path == ReviewReplies.OutputPath);
        if (file is null || message.Outcome != SignalOutcomes.Done) return;
        if (message.Context.PhaseId is not { } phaseId)
        {
            logger.LogWarning("Ignored {File} of agent {AgentId}: the agent works for no phase.",
                ReviewReplies.OutputPath, message.AgentId);
            return;
        }
        var parsed = ReviewReplies.Parse(file.Content);
        foreach (var problem in parsed.Problems)
        {
            logger.LogWarning("Ignored part of {File} of agent {AgentId}: {Problem}",
                ReviewReplies.OutputPath, message.AgentId, problem);
        }
        // The threads the entries name (an entry may name a reply: its thread), with all their replies.
        var ids = parsed.Replies.Select(r => r.CommentId).Distinct().ToList();
        var threadIds = await Db.ReviewComments.Where(c => ids.Contains(c.Id))
            .Select(c => c.ParentCommentId ?? c.Id).Distinct().ToListAsync(context.CancellationToken);
        var comments = await Db.ReviewComments
            .Where(c => threadIds.Contains(c.Id) || threadIds.Contains(c.ParentCommentId!))
            .ToListAsync(context.CancellationToken);
        var now = clock.GetUtcNow();
        foreach (var reply in parsed.Replies)
        {
            var comment = comments.FirstOrDefault(c => c.Id == reply.CommentId);
            var thread = comment is null ? null
                : comment.IsThread ? comment : comments.FirstOrDefault(c => c.Id == comment.ParentCommentId);
            if (thread is null || thread.PhaseId != phaseId)
            {
                logger.LogWarning(
                    "Ignored the reply of agent {AgentId} to comment {CommentId}: no comment of phase {PhaseId} " +
                    "has that id.", message.AgentId, reply.CommentId, phaseId);
                continue;
            }
            // A redelivered or repeated file does not post the same reply twice.
            var posted = reply.Body is not null && comments.Any(c => c.ParentCommentId == thread.Id
                && c.AuthorAgentId == message.AgentId && c.Body == reply.Body);
            if (reply.Body is not null && !posted)
            {
                var added = ReviewComment.Reply(Ids.New(), thread, reply.Body,
                    message.Name, message.AgentId, now);
                Db.ReviewComments.Add(added);
                comments.Add(added);
            }
            if (reply.Resolved) thread.Resolve(true, now);
        }
    }
}
