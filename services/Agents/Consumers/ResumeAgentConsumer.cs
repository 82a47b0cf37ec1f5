using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Supervision;
using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Codewalkers.SharedKernel.Errors;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Consumers;

/// <summary>
/// Continues a stopped or waiting agent's session for another service (Collaboration: questions from other agents;
/// the inbox: answers or a message), through the same <see cref="AgentLifecycle.ResumeAsync"/> as the HTTP routes, so
/// the Agents service stays the one owner of every resume. A resume the agent cannot take (unknown or deleted, not
/// stopped or waiting, no session, a provider that cannot resume, a bad command) is answered with AgentResumeRefused,
/// so the sender can stop waiting for it.
/// </summary>
internal sealed class ResumeAgentConsumer(
    AgentsDbContext db, AgentLifecycle lifecycle, TimeProvider clock, ILogger<ResumeAgentConsumer> logger)
    : InboxConsumer<ResumeAgent, AgentsDbContext>(db)
{
    /// <summary>
    /// The inbox dedupes by message id; a sender that sends the same RequestId again (a new message) must not resume
    /// the agent a second time either, so each request id is recorded in the inbox table too, under this name and a
    /// key derived from the id: no table of its own, and it is pruned with the inbox after the retention period.
    /// </summary>
    private const string RequestConsumer = "ResumeAgent.RequestId";

    private bool _repeated;

    /// <summary>
    /// The resume launches a process and commits the agent's new state on its own (under the agent's lock), so it
    /// runs before the inbox transaction; the refusal or the request record commit with the inbox record.
    /// </summary>
    protected override async Task PrepareAsync(ResumeAgent command, ConsumeContext<ResumeAgent> context)
    {
        var key = RequestKey(command.RequestId);
        _repeated = await Db.Set<InboxMessage>()
            .AnyAsync(m => m.MessageId == key && m.Consumer == RequestConsumer, context.CancellationToken);
        if (_repeated)
        {
            logger.LogInformation("ResumeAgent {RequestId} was handled already", command.RequestId);
            return;
        }
        try
        {
            await lifecycle.ResumeAsync(command.AgentId ?? "", PromptFor(command), context.CancellationToken);
        }
        catch (Exception ex) when (ex is ProblemException or IOException or InvalidOperationException
                                       or Win32Exception)
        {
            logger.LogWarning("ResumeAgent {RequestId} of agent {AgentId} refused: {Detail}",
                command.RequestId, command.AgentId, ex.Message);
            Db.Publish(new AgentResumeRefused(
                command.RequestId ?? "", command.AgentId ?? "", command.Reason ?? "", ex.Message, clock.GetUtcNow()));
        }
    }

    protected override Task HandleAsync(ResumeAgent command, ConsumeContext<ResumeAgent> context)
    {
        if (!_repeated)
            Db.Set<InboxMessage>().Add(new InboxMessage(RequestKey(command.RequestId), RequestConsumer,
                clock.GetUtcNow()));
        return Task.CompletedTask;
    }

    /// <summary>The prompt the reason asks for; a command missing what its reason needs is refused.</summary>
    private static string PromptFor(ResumeAgent command) => command.Reason switch
    {
        _ when string.IsNullOrWhiteSpace(command.RequestId) =>
            throw new ValidationException("requestId", "A resume needs a request id."),
        ResumeReasons.Conversation => Prompts.Conversation,
        ResumeReasons.Answers when command.Answers is { Count: > 0 } answers
                                   && answers.All(a => !string.IsNullOrWhiteSpace(a.Value)) =>
            Prompts.Answers(answers),
        ResumeReasons.Answers => throw new ValidationException("answers", "A resume with answers needs answers."),
        ResumeReasons.Message when !string.IsNullOrWhiteSpace(command.Message) => Prompts.Message(command.Message),
        ResumeReasons.Message => throw new ValidationException("message", "A resume with a message needs one."),
        _ => throw new ValidationException("reason",
            $"Unknown resume reason '{command.Reason}' (one of {string.Join(", ", ResumeReasons.All)})."),
    };

    private static Guid RequestKey(string? requestId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"resume:{requestId}")).AsSpan(0, 16));
}
