using Codewalkers.Contracts.Agents;
using Codewalkers.Errands.Infrastructure;
using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Codewalkers.ServiceDefaults;
using MassTransit;

namespace Codewalkers.Errands.Consumers;

/// <summary>The errand's agent started: its id and name.</summary>
internal sealed class ErrandAgentSpawnedConsumer(ErrandsDbContext db, TimeProvider clock)
    : InboxConsumer<AgentSpawned, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(AgentSpawned message, ConsumeContext<AgentSpawned> context)
    {
        var errand = await Db.ErrandOfAsync(message.Context, context.CancellationToken);
        errand?.AgentStarted(message.AgentId, message.Name, message.RequestId, clock.GetUtcNow());
    }
}

/// <summary>The errand's agent could not start: the errand is abandoned (a resolve goes back to conflict).</summary>
internal sealed class ErrandAgentSpawnFailedConsumer(ErrandsDbContext db, TimeProvider clock)
    : InboxConsumer<AgentSpawnFailed, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(AgentSpawnFailed message, ConsumeContext<AgentSpawnFailed> context)
    {
        var errand = await Db.ErrandOfAsync(message.Context, context.CancellationToken);
        if (errand?.SpawnFailed(message.RequestId, message.Error, Ids.New(), clock.GetUtcNow()) is { } discard)
            Db.Send(discard, AgentQueues.Commands);
    }
}

/// <summary>The agent's status, newest version wins.</summary>
internal sealed class ErrandAgentStatusChangedConsumer(ErrandsDbContext db, TimeProvider clock)
    : InboxConsumer<AgentStatusChanged, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(AgentStatusChanged message, ConsumeContext<AgentStatusChanged> context)
    {
        var errand = await Db.ErrandOfAsync(message.Context, context.CancellationToken);
        errand?.AgentStatusReported(
            message.AgentId, message.Name, message.To, message.Reason, message.Version, clock.GetUtcNow());
    }
}

/// <summary>Done: ready for review. Error: said in the thread.</summary>
internal sealed class ErrandAgentCompletedConsumer(ErrandsDbContext db, TimeProvider clock)
    : InboxConsumer<AgentCompleted, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(AgentCompleted message, ConsumeContext<AgentCompleted> context)
    {
        var errand = await Db.ErrandOfAsync(message.Context, context.CancellationToken);
        errand?.Completed(message.AgentId, message.Outcome, message.Summary, message.Version, clock.GetUtcNow());
    }
}

/// <summary>The agent's questions go into the thread; the inbox (Collaboration) is where they are answered.</summary>
internal sealed class ErrandAgentQuestionsConsumer(ErrandsDbContext db, TimeProvider clock)
    : InboxConsumer<AgentQuestionsAsked, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(AgentQuestionsAsked message, ConsumeContext<AgentQuestionsAsked> context)
    {
        var errand = await Db.ErrandOfAsync(message.Context, context.CancellationToken);
        errand?.QuestionsAsked(
            message.AgentId, (message.Questions ?? []).Select(q => q.Question), clock.GetUtcNow());
    }
}

/// <summary>The agent is gone; the errand keeps its branch and shows it.</summary>
internal sealed class ErrandAgentDeletedConsumer(ErrandsDbContext db, TimeProvider clock)
    : InboxConsumer<AgentDeleted, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(AgentDeleted message, ConsumeContext<AgentDeleted> context)
    {
        var errand = await Db.ErrandOfAsync(message.Context, context.CancellationToken);
        errand?.AgentDeleted(message.AgentId, clock.GetUtcNow());
    }
}

/// <summary>Our resume was refused: the errand goes back to where it was, saying why.</summary>
internal sealed class ErrandResumeRefusedConsumer(ErrandsDbContext db, TimeProvider clock)
    : InboxConsumer<AgentResumeRefused, ErrandsDbContext>(db)
{
    protected override async Task HandleAsync(AgentResumeRefused message, ConsumeContext<AgentResumeRefused> context)
    {
        if (message.Reason != ResumeReasons.Message) return; // another service's resume
        var errand = await Db.ErrandResumedByAsync(message.RequestId, context.CancellationToken);
        errand?.ResumeRefused(message.RequestId, message.Detail, clock.GetUtcNow());
    }
}
