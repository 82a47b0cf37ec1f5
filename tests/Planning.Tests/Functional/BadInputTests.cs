using System.Net;
using System.Text;
using Codewalkers.Planning.Tests.Infrastructure;

namespace Codewalkers.Planning.Tests.Functional;

/// <summary>
/// Every endpoint answers bad input with a 4xx ProblemDetails saying what is wrong, never a 5xx, and writes nothing.
/// </summary>
public sealed class BadInputTests(PlanningFactory factory) : IClassFixture<PlanningFactory>, IAsyncLifetime
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();
    private readonly Dictionary<string, string> _ids = [];

    public async Task InitializeAsync()
    {
        var initiative = await _client.CreateInitiativeAsync();
        var phase = await _client.CreatePhaseAsync(initiative.Id);
        _ids["{initiative}"] = initiative.Id;
        _ids["{phase}"] = phase.Id;
        _ids["{task}"] = (await _client.CreateTaskAsync(phase.Id)).Id;
        _ids["{page}"] = (await _client.CreatePageAsync(initiative.Id)).Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    // Missing, mistyped and malformed fields.
    [InlineData("POST", "/api/initiatives", "{}", 400, "name")]
    [InlineData("POST", "/api/initiatives", """{"name": 123}""", 400, null)]
    [InlineData("POST", "/api/initiatives", """{"name": "x",""", 400, null)]
    [InlineData("POST", "/api/initiatives", """{"name": "x", "qualityReview": "yes"}""", 400, null)]
    [InlineData("POST", "/api/initiatives", """{"name": "x", "projectIds": [""]}""", 400, "projectIds")]
    [InlineData("POST", "/api/initiatives", """{"name": "x", "projectIds": ["nope"]}""", 404, null)]
    [InlineData("POST", "/api/initiatives", """{"name": "x", "branch": "bad..branch"}""", 400, "branch")]
    [InlineData("POST", "/api/phases", """{"name": "x"}""", 400, "initiativeId")]
    [InlineData("POST", "/api/phases", """{"initiativeId": "{initiative}"}""", 400, "name")]
    [InlineData("POST", "/api/phases",
        """{"initiativeId": "{initiative}", "name": "x", "content": [1]}""", 400, "content")]
    [InlineData("POST", "/api/pages", """{"initiativeId": "{initiative}"}""", 400, "title")]
    [InlineData("POST", "/api/pages",
        """{"initiativeId": "{initiative}", "title": "t", "content": "{\"open\":"}""", 400, "content")]
    [InlineData("POST", "/api/pages",
        """{"initiativeId": "{initiative}", "title": "t", "sortOrder": -5}""", 400, "sortOrder")]
    [InlineData("POST", "/api/tasks", """{"phaseId": "{phase}", "name": "x", "order": 99999999999}""", 400, null)]
    [InlineData("POST", "/api/tasks", """{"phaseId": "{phase}", "name": "x", "order": -1}""", 400, "order")]
    [InlineData("POST", "/api/tasks/{task}/block", "{}", 400, "reason")]
    [InlineData("POST", "/api/phases/{phase}/dependencies", "{}", 400, "dependsOn")]
    [InlineData("POST", "/api/proposals",
        """{"initiativeId": "{initiative}", "agentId": "a", "title": "t"}""", 400, "targetType")]
    [InlineData("POST", "/api/proposals",
        """{"initiativeId": "{initiative}", "agentId": "a", "targetType": "task", "title": "t","""
            + """ "metadata": {"dependencies": "x"}}""",
        400, "metadata")]
    [InlineData("POST", "/api/proposals/accept-all", "{}", 400, "agentId")]
    // Text that is not valid Unicode (a lone surrogate): refused before it is stored,
    // where every later read would fail.
    [InlineData("POST", "/api/pages",
        """{"initiativeId": "{initiative}", "title": "t", "content": {"type": "doc", "text": "\ud800"}}""",
        400, "content")]
    [InlineData("POST", "/api/pages",
        """{"initiativeId": "{initiative}", "title": "t", "content": "{\"type\": \"\\ud800\"}"}""", 400, "content")]
    [InlineData("POST", "/api/pages",
        """{"initiativeId": "{initiative}", "title": "t", "content": "\ud800"}""", 400, "content")]
    [InlineData("PATCH", "/api/pages/{page}", """{"content": {"type": "doc", "\udc00": 1}}""", 400, "content")]
    [InlineData("POST", "/api/phases",
        """{"initiativeId": "{initiative}", "name": "x", "content": {"type": "doc", "text": "\ud800"}}""",
        400, "content")]
    [InlineData("POST", "/api/phases",
        """{"initiativeId": "{initiative}", "name": "x", "content": "\ud800"}""", 400, "content")]
    [InlineData("PATCH", "/api/phases/{phase}", """{"content": {"type": "doc", "text": "a\ud800b"}}""", 400, "content")]
    [InlineData("POST", "/api/proposals",
        """{"initiativeId": "{initiative}", "agentId": "a", "targetType": "page", "title": "t","""
            + """ "metadata": {"x": "\ud800"}}""",
        400, "metadata")]
    // Wrong enum values.
    [InlineData("POST", "/api/initiatives", """{"name": "x", "executionMode": "fast"}""", 400, "executionMode")]
    [InlineData("POST", "/api/tasks", """{"phaseId": "{phase}", "name": "x", "category": "coding"}""", 400, "category")]
    [InlineData("POST", "/api/tasks", """{"phaseId": "{phase}", "name": "x", "priority": "urgent"}""", 400, "priority")]
    [InlineData("GET", "/api/initiatives?status=done", null, 400, "status")]
    [InlineData("GET", "/api/phases?status=running", null, 400, "status")]
    [InlineData("GET", "/api/tasks?status=done", null, 400, "status")]
    [InlineData("GET", "/api/tasks?category=coding", null, 400, "category")]
    [InlineData("GET", "/api/proposals?status=maybe", null, 400, "status")]
    // Oversized fields.
    [InlineData("POST", "/api/initiatives", """{"name": "{201}"}""", 400, "name")]
    [InlineData("POST", "/api/tasks",
        """{"phaseId": "{phase}", "name": "x", "description": "{20001}"}""", 400, "description")]
    [InlineData("POST", "/api/tasks/{task}/block", """{"reason": "{2001}"}""", 400, "reason")]
    [InlineData("POST", "/api/pages",
        """{"initiativeId": "{initiative}", "title": "t", "content": "{1000001}"}""", 400, "content")]
    [InlineData("POST", "/api/proposals",
        """{"initiativeId": "{initiative}", "agentId": "a", "targetType": "page", "title": "{201}"}""", 400, "title")]
    // Paging.
    [InlineData("GET", "/api/initiatives?take=0", null, 400, "take")]
    [InlineData("GET", "/api/tasks?take=501", null, 400, "take")]
    [InlineData("GET", "/api/phases?skip=-1", null, 400, "skip")]
    [InlineData("GET", "/api/initiatives?take=abc", null, 400, null)]
    [InlineData("GET", "/api/change-sets", null, 400, "initiativeId")]
    // Unknown ids.
    [InlineData("GET", "/api/initiatives/nope", null, 404, null)]
    [InlineData("GET", "/api/initiatives/nope/tree", null, 404, null)]
    [InlineData("GET", "/api/initiatives/nope/ready-tasks", null, 404, null)]
    [InlineData("PATCH", "/api/initiatives/nope", "{}", 404, null)]
    [InlineData("DELETE", "/api/initiatives/nope", null, 404, null)]
    [InlineData("POST", "/api/initiatives/nope/archive", null, 404, null)]
    [InlineData("POST", "/api/phases", """{"initiativeId": "nope", "name": "x"}""", 404, null)]
    [InlineData("POST", "/api/phases",
        """{"initiativeId": "{initiative}", "name": "x", "dependsOn": ["nope"]}""", 404, null)]
    [InlineData("POST", "/api/phases/nope/approve", null, 404, null)]
    [InlineData("DELETE", "/api/phases/nope", null, 404, null)]
    [InlineData("POST", "/api/tasks", """{"phaseId": "nope", "name": "x"}""", 404, null)]
    [InlineData("POST", "/api/tasks", """{"phaseId": "{phase}", "name": "x", "parentTaskId": "nope"}""", 404, null)]
    [InlineData("DELETE", "/api/tasks/nope", null, 404, null)]
    [InlineData("DELETE", "/api/tasks/{task}/dependencies/nope", null, 404, null)]
    [InlineData("PATCH", "/api/pages/nope", "{}", 404, null)]
    [InlineData("POST", "/api/pages", """{"parentPageId": "nope", "title": "t"}""", 404, null)]
    [InlineData("POST", "/api/pages/{page}/move", """{"parentPageId": "nope"}""", 404, null)]
    [InlineData("POST", "/api/proposals/nope/accept", null, 404, null)]
    [InlineData("GET", "/api/change-sets/nope", null, 404, null)]
    // Impossible transitions and self-dependencies.
    [InlineData("POST", "/api/tasks/{task}/complete", null, 409, null)]
    [InlineData("POST", "/api/phases/{phase}/complete", null, 409, null)]
    [InlineData("POST", "/api/phases/{phase}/dependencies", """{"dependsOn": ["{phase}"]}""", 409, null)]
    public async Task Bad_input_is_a_problem_response_and_writes_nothing(
        string method, string path, string? body, int status, string? field)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), Expand(path));
        if (body is not null) request.Content = new StringContent(Expand(body), Encoding.UTF8, "application/json");
        HttpResponseMessage? response = null;

        await factory.AssertNothingWrittenAsync(async () => response = await _client.SendAsync(request));

        var problem = await response!.AssertProblemAsync((HttpStatusCode)status);
        if (field is not null) await response!.AssertValidationProblemAsync(field);
        Assert.False(
            string.IsNullOrWhiteSpace(problem.TryGetProperty("detail", out var detail) ? detail.GetString() : null),
            $"No detail in {problem}");
    }

    private string Expand(string text)
    {
        foreach (var (token, id) in _ids) text = text.Replace(token, id);
        foreach (var length in new[] { 201, 2001, 20001, 1000001 })
            text = text.Replace($"{{{length}}}", new string('a', length));
        return text;
    }
}
