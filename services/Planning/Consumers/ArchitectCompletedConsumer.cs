using Codewalkers.Contracts.Agents;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Planning.Architects;
using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using MassTransit;

namespace Codewalkers.Planning.Consumers;

/// <summary>
/// An architect ended a run with a signal: done turns its outputs into proposals (all or nothing), error fails the
/// assignment, questions leave it running while the agent waits for answers. Task agents' completions are not ours.
/// </summary>
public sealed class ArchitectCompletedConsumer(PlanningDbContext db, TimeProvider clock)
    : InboxConsumer<AgentCompleted, PlanningDbContext>(db)
{
    protected override async Task HandleAsync(AgentCompleted message, ConsumeContext<AgentCompleted> context)
    {
        var assignment = await ArchitectAssignments.ByRequestAsync(Db, message.RequestId, context.CancellationToken);
        // A Finished assignment has had its proposals; a second done (a resumed session signalling again) must not
        // repeat them.
        if (assignment is null || assignment.Status == AssignmentStatus.Finished) return;
        assignment.Started(message.AgentId, message.Name);
        var now = clock.GetUtcNow();
        switch (message.Outcome)
        {
            case SignalOutcomes.Done:
                await new ProposalIngest(Db).IngestAsync(assignment, message, now, context.CancellationToken);
                break;
            case SignalOutcomes.Error:
                assignment.Fail($"The agent signalled an error: {message.Summary ?? "(no details)"}", now);
                break;
        }
    }
}
