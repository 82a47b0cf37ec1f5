using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Chat;
using Codewalkers.Contracts.Planning;
using Codewalkers.Planning.Tests.Infrastructure;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Tests.Chat;

/// <summary>
/// Playing Collaboration (StartChatTurn on planning-commands) and the Agents service (spawned, completed) around
/// Planning's chat turns, and reading what Planning answered on the harness.
/// </summary>
internal static class ChatRuns
{
    public static StartChatTurn Turn(string targetType, string targetId, string message, string? agentId = null,
        IReadOnlyList<ChatHistoryLine>? history = null, string? sessionId = null) =>
        new($"turn{Guid.NewGuid():N}"[..21], sessionId ?? $"session{Guid.NewGuid():N}"[..21], targetType, targetId,
            message, agentId, history);

    public static async Task SendAsync(this ITestHarness harness, StartChatTurn turn, Guid? messageId = null)
    {
        var endpoint = await harness.Bus.GetSendEndpoint(new Uri($"queue:{PlanningQueues.Commands}"));
        var id = messageId ?? Guid.NewGuid();
        await endpoint.Send(turn, Pipe.Execute<SendContext>(context => context.MessageId = id));
        await Eventually.TrueAsync(
            () => Task.FromResult(harness.Consumed.Select<StartChatTurn>(m => m.Context.MessageId == id).Any()),
            $"StartChatTurn {turn.TurnId} consumed");
    }

    /// <summary>The SpawnAgent of the turn's assignment (its RequestId is the assignment id).</summary>
    public static async Task<SpawnAgent> SpawnOfAsync(this PlanningFactory factory, StartChatTurn turn)
    {
        var assignmentId = await Eventually.ValueAsync(
            () => factory.QueryAsync(db => db.ChatTurns.Where(t => t.Id == turn.TurnId)
                .Select(t => t.AssignmentId).FirstOrDefaultAsync()),
            id => id is not null, $"turn {turn.TurnId} recorded");
        await Eventually.TrueAsync(
            () => Task.FromResult(factory.Harness.Sent
                .Select<SpawnAgent>(m => m.Context.Message.RequestId == assignmentId).Any()),
            $"SpawnAgent {assignmentId} sent");
        return factory.Harness.Sent.Select<SpawnAgent>(m => m.Context.Message.RequestId == assignmentId).First()
            .Context.Message;
    }

    public static Task SpawnedAsync(this ITestHarness harness, SpawnAgent spawn, string agentId) =>
        harness.Bus.Publish(new AgentSpawned(agentId, $"name-{agentId}", spawn.RequestId, AgentModes.Chat, "claude",
            Context(spawn), 1, DateTimeOffset.UtcNow));

    /// <summary>The chat agent's run ended with a signal; the outputs are the whole of its .cw/output/.</summary>
    public static Task CompletedAsync(this ITestHarness harness, SpawnAgent spawn, string agentId, string outcome,
        string? reply, params (string Path, string Content)[] outputs) =>
        harness.CompletedAsync(Guid.NewGuid(), spawn, agentId, outcome, reply, outputs);

    public static Task CompletedAsync(this ITestHarness harness, Guid messageId, SpawnAgent spawn, string agentId,
        string outcome, string? reply, params (string Path, string Content)[] outputs) =>
        harness.Bus.Publish(new AgentCompleted(agentId, $"name-{agentId}", spawn.RequestId, AgentModes.Chat,
            Context(spawn), outcome, reply,
            [
                .. outputs.Select(o => new AgentOutputFile(o.Path, o.Content)),
                new AgentOutputFile("signal.json", $"{{\"status\":\"{outcome}\"}}")
            ], 2, DateTimeOffset.UtcNow),
            Pipe.Execute<PublishContext>(context => context.MessageId = messageId));

    public static AgentContext Context(SpawnAgent spawn) => new(spawn.TaskId, spawn.PhaseId, spawn.InitiativeId, null);

    public static async Task<T> PublishedAsync<T>(this ITestHarness harness, Func<T, bool> match, string what)
        where T : class
    {
        var found = await Eventually.ValueAsync<T?>(
            () => Task.FromResult(harness.Published.Select<T>(m => match(m.Context.Message))
                .Select(m => m.Context.Message).FirstOrDefault()),
            m => m is not null, what);
        return found!;
    }

    public static int PublishedCount<T>(this ITestHarness harness, Func<T, bool> match) where T : class =>
        harness.Published.Select<T>(m => match(m.Context.Message)).Count();
}
