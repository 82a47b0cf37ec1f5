using System.Net;
using System.Text;
using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;

namespace Codewalkers.EndToEnd.Tests.Routes;

/// <summary>
/// What an acceptance probe found answering 500 through the gateway, asked again the way a client asks: each is now a
/// 400 ProblemDetails naming the field (or, for a phase moved to review by hand, a review that completes it).
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class BadInputThroughGatewayTests(CodewalkersApp app)
{
    [Theory]
    [InlineData("/api/agents", """{"prompt":"x","projects":[null]}""", "projects[0]")]
    [InlineData("/api/agents",
        """{"prompt":"x","inputFiles":[{"path":"a.md","content":null,"isContext":false}]}""",
        "inputFiles[0].content")]
    [InlineData("/api/projects",
        """{"name":"metadata-probe","url":"http://169.254.169.254/latest/meta-data/"}""", "url")]
    [InlineData("/api/projects", """{"name":"etc-probe","url":"file:///etc"}""", "url")]
    public async Task A_malformed_body_is_a_400_problem_naming_the_field(string path, string body, string field)
    {
        using var client = app.CreateClient();

        var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertNamesAsync(response, field);
    }

    [Fact]
    public async Task Content_with_a_lone_surrogate_is_refused_and_the_lists_stay_readable()
    {
        using var client = app.CreateClient();
        var initiativeId =
            (await client.PostJsonAsync("/api/initiatives", new { name = Api.Unique("Surrogate") })).Str("id");

        foreach (var (path, body) in new[]
        {
            ("/api/pages",
                $$$"""{"initiativeId":"{{{initiativeId}}}","title":"t","content":{"type":"doc","text":"\ud800"}}"""),
            ("/api/phases",
                $$$"""{"initiativeId":"{{{initiativeId}}}","name":"p","content":{"type":"doc","text":"\ud800"}}"""),
        })
            await AssertNamesAsync(
                await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json")), "content");

        await client.GetJsonAsync($"/api/phases?initiativeId={initiativeId}");
        await client.GetJsonAsync($"/api/pages?initiativeId={initiativeId}");
        await client.TreeAsync(initiativeId);
    }

    [Fact]
    public async Task Approving_the_review_of_a_phase_moved_to_review_by_hand_completes_it()
    {
        using var client = app.CreateClient();
        var initiativeId =
            (await client.PostJsonAsync("/api/initiatives", new { name = Api.Unique("By hand") })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "By hand" })).Str("id");
        foreach (var step in new[] { "approve", "start", "submit-for-review" })
            await client.PostJsonAsync($"/api/phases/{phaseId}/{step}");

        var approved = await client.PostJsonAsync($"/api/phases/{phaseId}/review/approve");

        Assert.Equal("completed", approved.GetProperty("phase").Str("status"));
    }

    private static async Task AssertNamesAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest,
            $"Expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"'errors' does not name '{field}': {errors}");
    }
}
