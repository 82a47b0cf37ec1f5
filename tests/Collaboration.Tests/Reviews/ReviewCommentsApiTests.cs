using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using static Codewalkers.Collaboration.Apis.ReviewCommentsApi;

namespace Codewalkers.Collaboration.Tests.Reviews;

/// <summary>Review comments through the API: threads, resolving, deleting, anchoring and what is refused.</summary>
public sealed class ReviewCommentsApiTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    private string PhaseWithDiff(string patch = Patches.App)
    {
        var phaseId = Ids.New();
        factory.Planning.SetPhaseDiff(phaseId, patch, "src/app.cs");
        return phaseId;
    }

    [Fact]
    public async Task A_comment_on_a_line_of_the_diff_starts_a_thread_that_replies_join_and_resolving_closes()
    {
        var phaseId = PhaseWithDiff();

        var comment = await CreateAsync(new CreateRequest(phaseId, null, "src/app.cs", 3, "added", "Name x better."));
        Assert.Equal(("project-1", "    int x = 1;", "you", false, false),
            (comment.ProjectId, comment.LineText, comment.Author, comment.Resolved, comment.Outdated));
        var reply = await PostAsync<ReviewCommentResponse>(
            $"/api/review-comments/{comment.Id}/replies", new ReplyRequest("Which name?", "ana"),
            HttpStatusCode.Created);
        // A reply to a reply joins the same thread.
        await PostAsync<ReviewCommentResponse>(
            $"/api/review-comments/{reply.Id}/replies", new ReplyRequest("count"), HttpStatusCode.Created);
        await CreateAsync(new CreateRequest(phaseId, null, "src/app.cs", 3, "removed", "Why drop old?"));

        var threads = await ListAsync($"phaseId={phaseId}");
        Assert.Equal(2, threads.Length);
        var thread = threads.Single(t => t.Id == comment.Id);
        Assert.Equal([("ana", "Which name?"), ("you", "count")], thread.Replies!.Select(r => (r.Author, r.Body)));
        Assert.All(thread.Replies!, r => Assert.Equal(comment.Id, r.ParentCommentId));

        // Resolving by any comment of the thread resolves the thread.
        var resolved = await PostAsync<ReviewCommentResponse>($"/api/review-comments/{reply.Id}/resolve", null);
        Assert.Equal((comment.Id, true), (resolved.Id, resolved.Resolved));
        Assert.Equal(["Why drop old?"], (await ListAsync($"phaseId={phaseId}&resolved=false")).Select(t => t.Body));
        Assert.Equal([comment.Id], (await ListAsync($"phaseId={phaseId}&resolved=true")).Select(t => t.Id));
        var reopened = await PostAsync<ReviewCommentResponse>($"/api/review-comments/{comment.Id}/unresolve", null);
        Assert.False(reopened.Resolved);
        Assert.Equal(2, (await _client.GetFromJsonAsync<ReviewCommentResponse>(
            $"/api/review-comments/{reply.Id}"))!.Replies!.Count);
    }

    [Fact]
    public async Task Deleting_a_reply_deletes_it_alone_and_deleting_a_thread_takes_its_replies()
    {
        var phaseId = PhaseWithDiff();
        var comment = await CreateAsync(new CreateRequest(phaseId, null, "src/app.cs", 5, "context", "Brace?"));
        var first = await PostAsync<ReviewCommentResponse>(
            $"/api/review-comments/{comment.Id}/replies", new ReplyRequest("one"), HttpStatusCode.Created);
        await PostAsync<ReviewCommentResponse>(
            $"/api/review-comments/{comment.Id}/replies", new ReplyRequest("two"), HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent,
            (await _client.DeleteAsync($"/api/review-comments/{first.Id}")).StatusCode);
        Assert.Equal(["two"], (await ListAsync($"phaseId={phaseId}")).Single().Replies!.Select(r => r.Body));
        Assert.Equal(HttpStatusCode.NoContent,
            (await _client.DeleteAsync($"/api/review-comments/{comment.Id}")).StatusCode);

        Assert.Empty(await ListAsync($"phaseId={phaseId}"));
        Assert.Equal(0, await factory.QueryAsync(db => db.ReviewComments.CountAsync(c => c.PhaseId == phaseId)));
        await AssertProblemAsync(await _client.DeleteAsync($"/api/review-comments/{comment.Id}"),
            HttpStatusCode.NotFound, comment.Id);
    }

    [Fact]
    public async Task After_a_later_push_a_comment_follows_its_line_and_one_whose_line_is_gone_is_outdated_not_lost()
    {
        var phaseId = PhaseWithDiff();
        var onX = await CreateAsync(new CreateRequest(phaseId, null, "src/app.cs", 3, "added", "x?"));
        var onY = await CreateAsync(new CreateRequest(phaseId, null, "src/app.cs", 4, "added", "y?"));

        factory.Planning.SetPhaseDiff(phaseId, Patches.AppPushedAgain, "src/app.cs");
        var moved = await ListAsync($"phaseId={phaseId}");
        Assert.Equal([(onX.Id, 5, false), (onY.Id, 6, false)], moved.Select(t => (t.Id, t.LineNumber, t.Outdated)));

        factory.Planning.SetPhaseDiff(phaseId, Patches.AppRewritten, "src/app.cs");
        var rewritten = await ListAsync($"phaseId={phaseId}");
        Assert.Equal([(onX.Id, 5, true), (onY.Id, 6, true)], rewritten.Select(t => (t.Id, t.LineNumber, t.Outdated)));
        Assert.Equal("    int x = 1;", rewritten[0].LineText);

        // The file leaves the diff altogether; then the branch brings the line back.
        factory.Planning.SetPhaseDiff(phaseId, "", "other.cs");
        Assert.All(await ListAsync($"phaseId={phaseId}"), t => Assert.True(t.Outdated));
        factory.Planning.SetPhaseDiff(phaseId, Patches.App, "src/app.cs");
        Assert.Equal(
            [(3, false), (4, false)], (await ListAsync($"phaseId={phaseId}")).Select(t => (t.LineNumber, t.Outdated)));
    }

    [Fact]
    public async Task Without_a_diff_the_comments_are_listed_where_they_were_last_seen()
    {
        var phaseId = PhaseWithDiff();
        var comment = await CreateAsync(new CreateRequest(phaseId, null, "src/app.cs", 3, "added", "Still here?"));
        factory.Planning.SetPhaseProblem(phaseId, HttpStatusCode.InternalServerError, "down");

        var listed = Assert.Single(await ListAsync($"phaseId={phaseId}"));

        Assert.Equal((comment.Id, 3, false), (listed.Id, listed.LineNumber, listed.Outdated));
    }

    [Fact]
    public async Task An_initiative_diff_takes_comments_too_and_a_path_in_two_projects_needs_the_project()
    {
        var initiativeId = Ids.New();
        factory.Planning.SetInitiativeDiff(initiativeId,
            ("api", Patches.App, ["src/app.cs"]), ("web", Patches.App, ["src/app.cs"]));

        await AssertProblemAsync(await _client.PostAsJsonAsync("/api/review-comments",
            new CreateRequest(null, initiativeId, "src/app.cs", 3, "added", "Which one?")),
            HttpStatusCode.BadRequest, "projectId");
        var comment = await CreateAsync(
            new CreateRequest(null, initiativeId, "src/app.cs", 3, "added", "This one.", "lead", "web"));

        Assert.Equal(("web", initiativeId, null), (comment.ProjectId, comment.InitiativeId, comment.PhaseId));
        Assert.Equal([comment.Id], (await ListAsync($"initiativeId={initiativeId}")).Select(t => t.Id));
    }

    public static TheoryData<string, object, string> BadComments => new()
    {
        { "empty body", new { filePath = "src/app.cs", lineNumber = 3, lineType = "added", body = "  " }, "body" },
        { "1 MB body", new { filePath = "src/app.cs", lineNumber = 3, lineType = "added",
            body = new string('b', 1024 * 1024) }, "body" },
        { "no file", new { lineNumber = 3, lineType = "added", body = "b" }, "filePath" },
        { "file not in the diff", new { filePath = "src/other.cs", lineNumber = 3, lineType = "added", body = "b" },
            "'src/other.cs' is not in the diff of phase" },
        { "line not in the diff", new { filePath = "src/app.cs", lineNumber = 40, lineType = "added", body = "b" },
            "Line 40 (added) of 'src/app.cs' is not in the diff" },
        { "line of another type", new { filePath = "src/app.cs", lineNumber = 4, lineType = "removed", body = "b" },
            "the diff shows added 3-4; removed 3; context 1-2, 5" },
        { "no line", new { filePath = "src/app.cs", lineType = "added", body = "b" }, "lineNumber" },
        { "bad line type", new { filePath = "src/app.cs", lineNumber = 3, lineType = "changed", body = "b" },
            "lineType" },
        { "blank author", new { filePath = "src/app.cs", lineNumber = 3, lineType = "added", body = "b",
            author = " " }, "author" },
    };

    [Theory]
    [MemberData(nameof(BadComments))]
    public async Task A_bad_comment_is_a_400_naming_the_problem_and_nothing_is_written(
        string _, object fields, string named)
    {
        var phaseId = PhaseWithDiff();
        var body = JsonSerializer.SerializeToNode(fields)!.AsObject();
        body["phaseId"] = phaseId;

        await AssertProblemAsync(await _client.PostAsJsonAsync("/api/review-comments", body),
            HttpStatusCode.BadRequest, named);

        Assert.Equal(0, await factory.QueryAsync(db => db.ReviewComments.CountAsync(c => c.PhaseId == phaseId)));
    }

    [Fact]
    public async Task Unknown_phases_phases_without_a_diff_and_unknown_comments_are_refused_clearly()
    {
        var request = new CreateRequest(Ids.New(), null, "src/app.cs", 3, "added", "b");
        await AssertProblemAsync(await _client.PostAsJsonAsync("/api/review-comments", request),
            HttpStatusCode.NotFound, request.PhaseId!);

        var notBuilt = Ids.New();
        factory.Planning.SetPhaseProblem(notBuilt, HttpStatusCode.Conflict, "Nothing has been merged into the branch");
        await AssertProblemAsync(
            await _client.PostAsJsonAsync("/api/review-comments", request with { PhaseId = notBuilt }),
            HttpStatusCode.Conflict, "Nothing has been merged into the branch");

        await AssertProblemAsync(await _client.PostAsJsonAsync("/api/review-comments",
            request with { InitiativeId = "both" }),
            HttpStatusCode.BadRequest, "exactly one of phaseId or initiativeId");
        await AssertProblemAsync(await _client.GetAsync("/api/review-comments"),
            HttpStatusCode.BadRequest, "exactly one of phaseId or initiativeId");
        var unknown = Ids.New();
        await AssertProblemAsync(await _client.PostAsJsonAsync($"/api/review-comments/{unknown}/replies",
            new ReplyRequest("hello")), HttpStatusCode.NotFound, unknown);
        await AssertProblemAsync(await _client.PostAsync($"/api/review-comments/{unknown}/resolve", null),
            HttpStatusCode.NotFound, unknown);

        var phaseId = PhaseWithDiff();
        var comment = await CreateAsync(new CreateRequest(phaseId, null, "src/app.cs", 3, "added", "ok"));
        await AssertProblemAsync(await _client.PostAsJsonAsync($"/api/review-comments/{comment.Id}/replies",
            new ReplyRequest(new string('r', 1024 * 1024))), HttpStatusCode.BadRequest, "body");
        Assert.Empty((await ListAsync($"phaseId={phaseId}")).Single().Replies!);
    }

    [Fact]
    public async Task Without_a_token_nothing_is_read()
    {
        var anonymous = factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.GetAsync($"/api/review-comments?phaseId={Ids.New()}")).StatusCode);
    }

    private async Task<ReviewCommentResponse> CreateAsync(CreateRequest request) =>
        await PostAsync<ReviewCommentResponse>("/api/review-comments", request, HttpStatusCode.Created);

    private async Task<ReviewCommentResponse[]> ListAsync(string query) =>
        (await _client.GetFromJsonAsync<ReviewCommentResponse[]>($"/api/review-comments?{query}"))!;

    private async Task<T> PostAsync<T>(string path, object? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, JsonSerializerOptions.Web)!;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string named)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, text);
    }
}
