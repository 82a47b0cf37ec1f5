using System.Net;
using Codewalkers.Contracts.Agents;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Tests.Infrastructure;
using MassTransit.Testing;

namespace Codewalkers.Planning.Tests.Architects;

/// <summary>Starting architects through the API and playing the Agents service's part on the test harness.</summary>
internal static class ArchitectRuns
{
    public static Task<AssignmentResponse> StartAsync(this HttpClient client, string url, object? body = null) =>
        client.PostOkAsync<AssignmentResponse>(url, body, HttpStatusCode.Accepted);

    public static async Task<SpawnAgent> SentSpawnAsync(this ITestHarness harness, string requestId)
    {
        await Eventually.TrueAsync(
            () => Task.FromResult(harness.Sent.Select<SpawnAgent>(m => m.Context.Message.RequestId == requestId).Any()),
            $"SpawnAgent {requestId} sent");
        return harness.Sent.Select<SpawnAgent>(m => m.Context.Message.RequestId == requestId).First().Context.Message;
    }

    /// <summary>
    /// What the Agents service publishes when the agent of <paramref name="assignment"/> ends a run with a signal.
    /// </summary>
    public static Task CompleteAsync(
        this ITestHarness harness,
        AssignmentResponse assignment,
        string agentId,
        string outcome,
        string? summary,
        params (string Path, string Content)[] outputs) =>
        harness.CompleteAsync(Guid.NewGuid(), assignment, agentId, outcome, summary, outputs);

    /// <summary>
    /// The same, with the message id the inbox records, to wait for a consumer that is expected to do nothing.
    /// </summary>
    public static Task CompleteAsync(
        this ITestHarness harness,
        Guid messageId,
        AssignmentResponse assignment,
        string agentId,
        string outcome,
        string? summary,
        params (string Path, string Content)[] outputs) =>
        harness.Bus.Publish(new AgentCompleted(agentId, $"name-{agentId}", assignment.Id, assignment.Mode,
            new AgentContext(null, assignment.PhaseId, assignment.InitiativeId, null), outcome, summary,
            [
                .. outputs.Select(o => new AgentOutputFile(o.Path, o.Content)),
                new AgentOutputFile("signal.json", $"{{\"status\":\"{outcome}\"}}")
            ],
            2, DateTimeOffset.UtcNow),
            MassTransit.Pipe.Execute<MassTransit.PublishContext>(context => context.MessageId = messageId));

    public static Task<AssignmentResponse> AssignmentAsync(
        this HttpClient client,
        AssignmentResponse assignment,
        Func<AssignmentResponse, bool> condition,
        string what) =>
        Eventually.ValueAsync(
            async () => (await client.GetOkAsync<Paged<AssignmentResponse>>(
                    $"/api/initiatives/{assignment.InitiativeId}/assignments"))
                .Items.Single(a => a.Id == assignment.Id),
            condition,
            what);
}
