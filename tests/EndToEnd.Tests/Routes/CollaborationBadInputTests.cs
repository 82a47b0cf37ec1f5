using System.Net;
using System.Text;
using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;

namespace Codewalkers.EndToEnd.Tests.Routes;

/// <summary>
/// Bad input to the Collaboration routes, sent the way a client sends it (through the gateway, with the API token):
/// each answer is a 4xx ProblemDetails that names the problem, and nothing is written.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class CollaborationBadInputTests(CodewalkersApp app)
{
    private static readonly string Megabyte = new('x', 1024 * 1024);

    [Theory]
    [InlineData("/api/conversations", """{"question":" ","toAgentId":"nobody","fromAgentId":"asker"}""",
        "question")]
    [InlineData("/api/conversations", """{"question":"Which port?","fromAgentId":"asker"}""", "toAgentId")]
    [InlineData("/api/webhooks", """{"url":"ftp://example.test/hook","kinds":["task.blocked"]}""", "url")]
    [InlineData("/api/webhooks", """{"url":"http://127.0.0.1:9/hook","kinds":["task.exploded"]}""", "kinds")]
    public async Task A_bad_body_is_a_400_naming_the_field_and_writes_nothing(string path, string body, string field)
    {
        using var client = app.CreateClient();
        var before = await CountAsync(client, path);

        var response = await client.PostAsync(path, Json(body));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await CountAsync(client, path));
    }

    [Fact]
    public async Task A_comment_on_neither_a_phase_nor_an_initiative_is_a_400_naming_the_scope()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/review-comments",
            Json("""{"filePath":"a.txt","lineNumber":1,"lineType":"added","body":"Why?"}"""));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "phaseId");
    }

    [Fact]
    public async Task A_one_megabyte_question_is_refused_with_its_limit()
    {
        using var client = app.CreateClient();
        var before = await CountAsync(client, "/api/conversations");

        var response = await client.PostAsync("/api/conversations",
            Json(JsonSerializer.Serialize(new { question = Megabyte, toAgentId = "nobody", fromAgentId = "asker" })));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "question");
        Assert.Equal(before, await CountAsync(client, "/api/conversations"));
    }

    [Fact]
    public async Task Asking_a_task_nobody_works_is_a_404_naming_what_was_searched()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/conversations",
            Json("""{"question":"Which port?","taskId":"no-such-task-0000000","fromAgentId":"asker"}"""));

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("task 'no-such-task-0000000'", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/conversations/no-such-conversation/answer", """{"answer":"8080"}""")]
    [InlineData("/api/messages/no-such-message/reply", """{"body":"yes"}""")]
    [InlineData("/api/review-comments/no-such-comment/replies", """{"body":"done"}""")]
    public async Task Answering_what_does_not_exist_is_a_404_problem(string path, string body)
    {
        using var client = app.CreateClient();

        await AssertProblemAsync(await client.PostAsync(path, Json(body)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_comment_on_a_phase_that_does_not_exist_is_a_404_and_is_not_stored()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/review-comments", Json(
            """{"phaseId":"no-such-phase-0000000","filePath":"a.txt","lineNumber":1,"lineType":"added","body":"?"}"""));

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
        var stored = await client.GetAsync("/api/review-comments?phaseId=no-such-phase-0000000");
        Assert.DoesNotContain("a.txt", await stored.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_feed_kind_is_a_400_naming_it()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/events?kind=task.exploded");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "kind");
        Assert.Contains("task.exploded", problem.GetRawText());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>How many rows a list route shows, so a refused write can be seen to have written nothing.</summary>
    private static async Task<int> CountAsync(HttpClient client, string path)
    {
        var list = JsonDocument.Parse(await client.GetStringAsync(path)).RootElement;
        return list.ValueKind == JsonValueKind.Array ? list.GetArrayLength() : list.EnumerateObject().Count();
    }

    private static async Task<JsonElement> AssertProblemAsync(
        HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        if (field is not null)
        {
            var errors = problem.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out _), $"'errors' does not name '{field}': {errors}");
        }
        return problem;
    }
}
