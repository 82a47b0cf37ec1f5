using System.Net.Http.Json;
using System.Text.Json;

namespace Codewalkers.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Gateway calls of the planning and execution scenarios; every failure names the call and its answer.
/// </summary>
public static class PlanApi
{
    public static async Task<JsonElement> PostJsonAsync(this HttpClient client, string path, object? body = null)
    {
        var response = await client.PostAsJsonAsync(path, body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    /// <summary>The items of a paged list, or the array itself.</summary>
    public static JsonElement[] Items(this JsonElement list) =>
        [.. (list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("items")).EnumerateArray()];

    public static async Task<JsonElement[]> PendingProposalsAsync(this HttpClient client, string initiativeId) =>
        (await client.GetJsonAsync($"/api/proposals?initiativeId={initiativeId}&status=pending")).Items();

    public static async Task AcceptAllAsync(this HttpClient client, string initiativeId, string agentId) =>
        await client.PostJsonAsync("/api/proposals/accept-all", new { initiativeId, agentId });

    public static async Task<JsonElement> TreeAsync(this HttpClient client, string initiativeId) =>
        await client.GetJsonAsync($"/api/initiatives/{initiativeId}/tree");
}
