using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Codewalkers.Planning.Tests.Infrastructure;

public static class Problems
{
    /// <summary>Asserts an RFC 9457 problem response with <paramref name="status"/> and returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>
    /// Asserts a 400 validation problem whose <c>errors</c> name <paramref name="field"/> with a message.
    /// </summary>
    public static async Task<JsonElement> AssertValidationProblemAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"No 'errors' in {problem}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"'errors' does not name '{field}': {errors}");
        Assert.Contains(messages.EnumerateArray(), m => !string.IsNullOrWhiteSpace(m.GetString()));
        return problem;
    }

    public static Task<HttpResponseMessage> PostProjectAsync(this HttpClient client, object body) =>
        client.PostAsJsonAsync("/api/projects", body);
}
