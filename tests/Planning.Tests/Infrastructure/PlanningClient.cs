using System.Net;
using System.Net.Http.Json;
using Codewalkers.Planning.Apis;

namespace Codewalkers.Planning.Tests.Infrastructure;

/// <summary>Typed calls for arranging test data through the API; each asserts its success status.</summary>
public static class PlanningClient
{
    public static async Task<InitiativeResponse> CreateInitiativeAsync(
        this HttpClient client, string? name = null, object? extra = null)
    {
        var body = extra ?? new { name = name ?? $"Initiative {Guid.NewGuid():N}" };
        return await client.PostOkAsync<InitiativeResponse>("/api/initiatives", body, HttpStatusCode.Created);
    }

    public static Task<PhaseResponse> CreatePhaseAsync(
        this HttpClient client, string initiativeId, string name = "Phase", string[]? dependsOn = null) =>
        client.PostOkAsync<PhaseResponse>("/api/phases", new { initiativeId, name, dependsOn }, HttpStatusCode.Created);

    public static Task<TaskResponse> CreateTaskAsync(
        this HttpClient client,
        string phaseId,
        string name = "Task",
        string[]? dependsOn = null,
        string? parentTaskId = null,
        string? category = null) =>
        client.PostOkAsync<TaskResponse>(
            "/api/tasks", new { phaseId, name, dependsOn, parentTaskId, category }, HttpStatusCode.Created);

    public static Task<PageResponse> CreatePageAsync(
        this HttpClient client, string initiativeId, string title = "Page", string? parentPageId = null) =>
        client.PostOkAsync<PageResponse>(
            "/api/pages",
            new { initiativeId, parentPageId, title, content = new { type = "doc" } },
            HttpStatusCode.Created);

    public static async Task<T> PatchOkAsync<T>(this HttpClient client, string url, object body)
    {
        var response = await client.PatchAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode,
            $"PATCH {url}: got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public static async Task<T> PostOkAsync<T>(
        this HttpClient client, string url, object? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(
            expected == response.StatusCode,
            $"POST {url}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public static async Task<T> GetOkAsync<T>(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: got {(int)response.StatusCode}: {text}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    public static Task<HttpResponseMessage> PatchAsJsonAsync(this HttpClient client, string url, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(body) });
}

public static class SameJson
{
    /// <summary>Records holding lists or JSON compare by reference; their serialized forms compare by value.</summary>
    public static void AssertSameJson<T>(T expected, T actual) =>
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(expected), System.Text.Json.JsonSerializer.Serialize(actual));
}
