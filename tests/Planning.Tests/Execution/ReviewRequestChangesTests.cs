using System.Net;
using System.Net.Http.Json;
using Codewalkers.Planning.Apis;
using Codewalkers.Planning.Assignments;
using Codewalkers.Planning.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Thread = Codewalkers.Planning.Execution.ReviewThreadsClient.ReviewThread;

namespace Codewalkers.Planning.Tests.Execution;

/// <summary>
/// "Request changes" on a phase pending review: the review task is built from the phase's unresolved review threads,
/// read from the Collaboration service (played by <see cref="FakeReviewComments"/>), and any feedback.
/// </summary>
public sealed class ReviewRequestChangesTests(ExecutionFactory factory) : IClassFixture<ExecutionFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task The_review_task_lists_each_open_thread_tagged_with_its_comment_id_and_asks_for_the_replies()
    {
        var phase = await PhaseInReviewAsync();
        var first = Comment("src/app.cs", 12, "added", "var x = 1;", "Name this better.",
            [Comment("src/app.cs", 12, "added", "var x = 1;", "Agreed, and add a test.", [], "ana")]);
        var second = Comment("README.md", 3, "removed", "Old intro", "Why was this removed?", [], outdated: true);
        factory.ReviewComments.Set(phase.Id, first, second);

        var review = await _client.PostOkAsync<TaskResponse>($"/api/phases/{phase.Id}/review/request-changes", new { });

        Assert.Equal(("review", "high", phase.Id), (review.Category, review.Priority, review.PhaseId));
        var text = review.Description!;
        Assert.Contains($"[comment:{first.Id}] `src/app.cs` line 12 (added)", text);
        Assert.Contains("var x = 1;", text);
        Assert.Contains("you: Name this better.", text);
        Assert.Contains("ana: Agreed, and add a test.", text);
        Assert.Contains($"[comment:{second.Id}] `README.md` line 3 (removed, outdated", text);
        Assert.Contains(".cw/output/review-replies.json", text);
        Assert.DoesNotContain("Further feedback", text);
        Assert.Equal("in_progress", (await _client.GetOkAsync<PhaseResponse>($"/api/phases/{phase.Id}")).Status);
        Assert.Contains($"/api/review-comments?phaseId={phase.Id}&resolved=false", factory.ReviewComments.Requests);
    }

    [Fact]
    public async Task Feedback_joins_the_threads_and_alone_still_makes_a_review_task()
    {
        var withThreads = await PhaseInReviewAsync();
        factory.ReviewComments.Set(withThreads.Id, Comment("a.cs", 1, "context", "x", "Fix this.", []));
        var both = await _client.PostOkAsync<TaskResponse>(
            $"/api/phases/{withThreads.Id}/review/request-changes", new { feedback = "Also rename the module." });
        Assert.Contains("## Further feedback\n\nAlso rename the module.", both.Description);
        Assert.Contains("[comment:", both.Description);

        var feedbackOnly = await PhaseInReviewAsync();
        var alone = await _client.PostOkAsync<TaskResponse>(
            $"/api/phases/{feedbackOnly.Id}/review/request-changes", new { feedback = "Validate the input." });
        Assert.Contains("Validate the input.", alone.Description);
        Assert.DoesNotContain("review-replies.json", alone.Description);
    }

    [Fact]
    public async Task Neither_threads_nor_feedback_is_a_400_saying_so_and_changes_nothing()
    {
        var phase = await PhaseInReviewAsync();

        foreach (var body in new object[] { new { }, new { feedback = "  " } })
        {
            var problem = await (await _client.PostAsJsonAsync(
                $"/api/phases/{phase.Id}/review/request-changes", body)).AssertValidationProblemAsync("feedback");
            Assert.Contains("no unresolved review comment", problem.GetProperty("detail").GetString());
        }
        Assert.Equal("pending_review", (await _client.GetOkAsync<PhaseResponse>($"/api/phases/{phase.Id}")).Status);
        Assert.Equal(0, await factory.QueryAsync(db => db.Tasks.CountAsync(t => t.PhaseId == phase.Id)));
    }

    [Fact]
    public async Task When_the_comments_cannot_be_read_it_is_a_503_and_nothing_changes()
    {
        var phase = await PhaseInReviewAsync();
        var unreachable = new FakeReviewComments { Down = true };
        await using var down = factory.WithWebHostBuilder(web => web.ConfigureServices(services =>
            services.AddHttpClient<Codewalkers.Planning.Execution.ReviewThreadsClient>()
                .ConfigurePrimaryHttpMessageHandler(unreachable.Handler)));
        var client = down.CreateClient();
        client.DefaultRequestHeaders.Authorization = _client.DefaultRequestHeaders.Authorization;

        var problem = await (await client.PostAsJsonAsync(
            $"/api/phases/{phase.Id}/review/request-changes", new { feedback = "Anything." }))
            .AssertProblemAsync(HttpStatusCode.ServiceUnavailable);

        Assert.Contains("review comments could not be read", problem.GetProperty("detail").GetString());
        Assert.Equal("pending_review", (await _client.GetOkAsync<PhaseResponse>($"/api/phases/{phase.Id}")).Status);
    }

    [Fact]
    public async Task A_phase_not_in_review_is_a_409_before_the_comments_are_read()
    {
        var initiative = await _client.CreateInitiativeAsync(extra: new { name = $"I {Guid.NewGuid():N}"[..12] });
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Not yet");

        await (await _client.PostAsJsonAsync($"/api/phases/{phase.Id}/review/request-changes", new { feedback = "x" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.DoesNotContain(factory.ReviewComments.Requests, r => r.Contains(phase.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void Threads_that_do_not_fit_are_counted_not_cut_off_mid_way()
    {
        var threads = Enumerable.Range(1, 40)
            .Select(i => Comment($"f{i}.cs", i, "added", new string('x', 300), new string('y', 3_000), []))
            .ToArray();

        var text = ReviewTaskDescription.Build(threads, null);

        Assert.True(text.Length <= Codewalkers.Planning.Domain.Guard.MaxDescriptionLength, $"{text.Length} characters");
        Assert.Contains("more unresolved threads did not fit in this task", text);
        Assert.Contains("… (cut)", text);
        Assert.EndsWith(ReviewTaskDescription.RepliesInstructions, text);
    }

    private static Thread Comment(
        string file, int line, string type, string lineText, string body, IReadOnlyList<Thread> replies,
        string author = "you", bool outdated = false) =>
        new(Codewalkers.ServiceDefaults.Ids.New(), file, line, type, lineText, body, author, outdated, replies);

    private async Task<PhaseResponse> PhaseInReviewAsync()
    {
        var initiative = await _client.CreateInitiativeAsync(
            extra: new { name = $"Initiative {Guid.NewGuid():N}"[..20], executionMode = "review_per_phase" });
        var phase = await _client.CreatePhaseAsync(initiative.Id, "Reviewed");
        foreach (var step in new[] { "approve", "start", "submit-for-review" })
            await _client.PostOkAsync<PhaseResponse>($"/api/phases/{phase.Id}/{step}", null);
        return phase;
    }
}
