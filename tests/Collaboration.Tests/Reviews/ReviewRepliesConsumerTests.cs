using System.Net.Http.Json;
using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using MassTransit;
using static Codewalkers.Collaboration.Apis.ReviewCommentsApi;

namespace Codewalkers.Collaboration.Tests.Reviews;

/// <summary>
/// A review agent's <c>review-replies.json</c>, carried by its AgentCompleted, becomes replies and resolutions.
/// </summary>
public sealed class ReviewRepliesConsumerTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task Replies_are_posted_by_the_agent_and_settled_threads_resolved_unknown_and_foreign_ids_ignored()
    {
        var (phaseId, first, second) = await TwoThreadsAsync();
        var (otherPhase, foreign, _) = await TwoThreadsAsync();
        var unknown = Ids.New();
        var agentId = Ids.New();
        var file = $$"""
            [
              {"commentId": "{{first}}", "reply": "Renamed it to count.", "resolved": true},
              {"commentId": "{{second}}", "reply": "Kept it: the API needs it.", "resolved": false},
              {"commentId": "{{foreign}}", "reply": "Not mine.", "resolved": true},
              {"commentId": "{{unknown}}", "reply": "Nobody's.", "resolved": true}
            ]
            """;

        await factory.DeliverAsync(Completed(agentId, phaseId, file), NewId.NextGuid());

        var threads = await ListAsync(phaseId);
        var resolved = threads.Single(t => t.Id == first);
        Assert.True(resolved.Resolved);
        var reply = Assert.Single(resolved.Replies!);
        Assert.Equal(("reviewer-1", agentId, "Renamed it to count."), (reply.Author, reply.AuthorAgentId, reply.Body));
        var open = threads.Single(t => t.Id == second);
        Assert.False(open.Resolved);
        Assert.Equal(["Kept it: the API needs it."], open.Replies!.Select(r => r.Body));
        var untouched = (await ListAsync(otherPhase)).Single(t => t.Id == foreign);
        Assert.False(untouched.Resolved);
        Assert.Empty(untouched.Replies!);
        Assert.Contains(factory.Logs.Messages, m => m.Contains(foreign, StringComparison.Ordinal));
        Assert.Contains(factory.Logs.Messages, m => m.Contains(unknown, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_file_again_posts_no_second_reply()
    {
        var (phaseId, first, _) = await TwoThreadsAsync();
        var agentId = Ids.New();
        var file = $$"""[{"commentId": "{{first}}", "reply": "Done."}]""";

        await factory.DeliverAsync(Completed(agentId, phaseId, file), NewId.NextGuid());
        await factory.DeliverAsync(Completed(agentId, phaseId, file), NewId.NextGuid());

        Assert.Single((await ListAsync(phaseId)).Single(t => t.Id == first).Replies!);
    }

    [Fact]
    public async Task An_entry_that_names_a_reply_answers_and_resolves_its_thread()
    {
        var (phaseId, first, _) = await TwoThreadsAsync();
        var response = await _client.PostAsJsonAsync(
            $"/api/review-comments/{first}/replies", new ReplyRequest("And the tests?"));
        var humanReply = (await response.Content.ReadFromJsonAsync<ReviewCommentResponse>())!.Id;
        var file = $$"""[{"commentId": "{{humanReply}}", "reply": "Added them.", "resolved": true}]""";

        await factory.DeliverAsync(Completed(Ids.New(), phaseId, file), NewId.NextGuid());

        var thread = (await ListAsync(phaseId)).Single(t => t.Id == first);
        Assert.True(thread.Resolved);
        Assert.Equal(["And the tests?", "Added them."], thread.Replies!.Select(r => r.Body));
    }

    [Fact]
    public async Task A_run_that_did_not_finish_or_a_broken_file_changes_nothing()
    {
        var (phaseId, first, _) = await TwoThreadsAsync();
        var good = $$"""[{"commentId": "{{first}}", "reply": "Done.", "resolved": true}]""";

        await factory.DeliverAsync(Completed(Ids.New(), phaseId, good, SignalOutcomes.Questions), NewId.NextGuid());
        await factory.DeliverAsync(Completed(Ids.New(), phaseId, "{ not json"), NewId.NextGuid());
        await factory.DeliverAsync(Completed(Ids.New(), null, good), NewId.NextGuid());

        var thread = (await ListAsync(phaseId)).Single(t => t.Id == first);
        Assert.Equal((false, 0), (thread.Resolved, thread.Replies!.Count));
        Assert.Contains(factory.Logs.Messages, m => m.Contains("not JSON", StringComparison.Ordinal));
    }

    private static AgentCompleted Completed(string agentId, string? phaseId, string file, string outcome = "done") =>
        new(agentId, "reviewer-1", Ids.New(), "execute", new AgentContext(Ids.New(), phaseId, Ids.New(), null),
            outcome, "Reviewed",
            [new AgentOutputFile("signal.json", "{}"), new AgentOutputFile("review-replies.json", file)],
            3, DateTimeOffset.UtcNow);

    private async Task<(string PhaseId, string First, string Second)> TwoThreadsAsync()
    {
        var phaseId = Ids.New();
        factory.Planning.SetPhaseDiff(phaseId, Patches.App, "src/app.cs");
        var ids = new List<string>();
        foreach (var line in new[] { 3, 4 })
        {
            var response = await _client.PostAsJsonAsync("/api/review-comments",
                new CreateRequest(phaseId, null, "src/app.cs", line, "added", $"About line {line}"));
            response.EnsureSuccessStatusCode();
            ids.Add((await response.Content.ReadFromJsonAsync<ReviewCommentResponse>())!.Id);
        }
        return (phaseId, ids[0], ids[1]);
    }

    private async Task<ReviewCommentResponse[]> ListAsync(string phaseId) =>
        (await _client.GetFromJsonAsync<ReviewCommentResponse[]>($"/api/review-comments?phaseId={phaseId}"))!;
}
